"""Officer accounts: passwords (Argon2id), sign-in with back-off and lockout, and the role
permissions the core services enforce (``roles``)."""
