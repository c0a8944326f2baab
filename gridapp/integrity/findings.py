"""What ``gridapp verify`` reports: findings in Chinese (and English), grouped by check."""

from __future__ import annotations

from dataclasses import dataclass, field

CHECKS = {
    "chain": "审计链",
    "rows": "记录与审计链",
    "pools": "编号池",
    "files": "文件",
}


@dataclass(frozen=True)
class Finding:
    check: str  # a key of CHECKS
    subject: str  # what is wrong, as a person names it: "案件 沪城管案〔2026〕01-000027"
    message_zh: str
    message_en: str

    def describe(self) -> str:
        return f"[{CHECKS[self.check]}] {self.subject}：{self.message_zh}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # check -> items looked at
    notes: list[str] = field(default_factory=list)  # limits of what could be checked

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, check: str, subject: str, zh: str, en: str) -> None:
        self.findings.append(Finding(check, subject, zh, en))

    def count(self, check: str, n: int = 1) -> None:
        self.checked[check] = self.checked.get(check, 0) + n
