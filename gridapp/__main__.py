import sys

from gridapp.cli.main import main

sys.exit(main())
