"""审批 and 跟踪 in the desktop: the dialogs the approval queue and the case view share."""
