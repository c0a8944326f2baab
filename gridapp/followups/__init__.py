"""Follow-ups (跟踪): 复查 after an order to correct, 回访 after closing, feedback to the 12345
caller. Rows and fields: ``gridapp.models.approval`` (docstring) and ``models.case.FollowUp``."""
