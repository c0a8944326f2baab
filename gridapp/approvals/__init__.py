"""Approvals (审批): 立案审批, 处罚审批 (with 法制审核 and 集体讨论 where required), 结案审批.
Rows and fields: ``gridapp.models.approval``; the service: ``gridapp.approvals.service``."""
