"""The headquarters (指挥中心) server: receives what stations push, serves what they pull.

Layout: ``models`` (the HQ schema), ``database`` (engines, migrations, the feed lock),
``blobs`` (the blob store interface and its filesystem implementation), ``service`` (every
operation as a function of a session: enrolment, push, pull, uploads, dispatch, verify),
``app`` (the FastAPI application over ``service``), ``cli`` (``gridapp-hq``).
"""
