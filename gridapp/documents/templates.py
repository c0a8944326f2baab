"""Document templates as data (``resources/templates/*.toml``): schema, loading, validation.

A bureau adjusts wording, fields and layout by editing these files; ``validate_template``
reports every problem with the offending key so a malformed file never reaches the renderer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from gridapp.documents.sources import KNOWN_SOURCES
from gridapp.errors import NotFoundError, ValidationError
from gridapp.inputlimits import load_toml, read_document
from gridapp.paths import resources_dir

# ``evidence``: the evidence list, each item with what it proves (name, proves).
FIELD_KINDS = ("text", "multiline", "date", "money", "choice", "qa", "items", "photos", "evidence")
BLOCK_TYPES = (
    "header", "title", "number", "para", "heading", "table", "qa", "items", "photos",
    "signatures", "seal", "spacer", "note",
)
CATEGORIES = ("filing", "decision", "served", "record", "evidence", "internal", "receipt")
SIGNATURE_BOXES = ("party", "officers", "witness", "recorder", "reviewer", "leader", "server")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
TOP_KEYS = {
    "id", "title", "version", "category", "series", "served_on_party", "gate_action",
    "penalty", "note", "fields", "texts", "blocks", "order", "pages", "page_footer",
}
FIELD_KEYS = {"name", "label", "source", "required", "kind", "options", "default", "sensitive",
              "hint", "ends"}
# ``ends``: how the template joins a field's text to what follows — "。" a sentence ending in
# exactly one 。 (typed with or without it), "" a clause the template's own words continue.
FIELD_ENDINGS = ("。", "")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    source: str = "free"
    required: bool = False
    kind: str = "text"
    options: tuple[str, ...] = ()
    default: str = ""
    sensitive: bool = False
    hint: str = ""
    ends: str | None = None  # see FIELD_ENDINGS; None: the text printed as typed


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    version: str
    category: str
    series: str
    served_on_party: bool
    gate_action: str
    penalty: bool
    note: str
    order: int
    fields: tuple[FieldSpec, ...]
    texts: dict[str, str] = field(hash=False)
    blocks: tuple[dict[str, Any], ...] = field(hash=False)
    pages: int = 0  # the pages ordinary content must fit in (set tighter to fit); 0: any
    # Signature lines at the foot of every page (a 笔录 is signed page by page): their labels.
    page_footer: tuple[str, ...] = ()

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def templates_dir() -> Path:
    return resources_dir() / "templates"


def _err(path: str, key: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"模板 {path}：{zh}", f"template {path}: {en}", field=key)


def parse_template(data: dict[str, Any], origin: str) -> Template:
    """Validate raw template data; raise ``ValidationError`` naming the first bad key."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        k = sorted(unknown)[0]
        raise _err(origin, k, f"未知的键 {k}", f"unknown key {k}")
    for key in ("id", "title", "version", "category"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _err(origin, key, f"缺少必填项 {key}（字符串）", f"missing string {key}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", data["id"]):
        raise _err(origin, "id", "id 只能包含小写字母、数字和下划线", "id must be snake_case")
    if data["category"] not in CATEGORIES:
        raise _err(origin, "category", f"category 须为 {'/'.join(CATEGORIES)} 之一",
                   f"category must be one of {CATEGORIES}")
    fields = _parse_fields(data.get("fields"), origin)
    names = {f.name for f in fields}
    texts = data.get("texts", {})
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise _err(origin, "texts", "texts 须为 名称 = 文本 的表", "texts must map names to strings")
    blocks = data.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise _err(origin, "blocks", "至少需要一个版面块 [[blocks]]", "at least one block needed")
    for i, block in enumerate(blocks):
        _check_block(block, i, names, texts, origin)
    for name, text in texts.items():
        _check_placeholders(text, names, origin, f"texts.{name}")
    for key in ("series", "gate_action", "note"):
        if not isinstance(data.get(key, ""), str):
            raise _err(origin, key, f"{key} 须为字符串", f"{key} must be a string")
    for key in ("served_on_party", "penalty"):
        if not isinstance(data.get(key, False), bool):
            raise _err(origin, key, f"{key} 须为 true 或 false", f"{key} must be a boolean")
    footer = data.get("page_footer", [])
    if not isinstance(footer, list) or not all(isinstance(x, str) and x.strip() for x in footer) \
            or len(footer) > 3:
        raise _err(origin, "page_footer", "page_footer 须为至多三个签名标签的列表",
                   "page_footer must list at most three signature labels")
    order = data.get("order", 500)
    if not isinstance(order, int):
        raise _err(origin, "order", "order 须为整数", "order must be an integer")
    pages = data.get("pages", 0)
    if not isinstance(pages, int) or isinstance(pages, bool) or not 0 <= pages <= 20:
        raise _err(origin, "pages", "pages 须为 0–20 的整数（0 表示不限页数）",
                   "pages must be an integer from 0 to 20")
    return Template(
        id=data["id"], title=data["title"], version=data["version"], category=data["category"],
        series=data.get("series", ""), served_on_party=data.get("served_on_party", False),
        gate_action=data.get("gate_action", ""), penalty=data.get("penalty", True),
        note=data.get("note", ""), order=order, fields=fields, texts=dict(texts),
        blocks=tuple(blocks), pages=pages, page_footer=tuple(footer),
    )


def _parse_fields(raw: Any, origin: str) -> tuple[FieldSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise _err(origin, "fields", "至少需要一个字段 [[fields]]", "at least one field needed")
    out: list[FieldSpec] = []
    seen: set[str] = set()
    for i, f in enumerate(raw):
        where = f"fields[{i}]"
        if not isinstance(f, dict):
            raise _err(origin, where, "字段须为表", "field must be a table")
        bad = set(f) - FIELD_KEYS
        if bad:
            k = sorted(bad)[0]
            raise _err(origin, f"{where}.{k}", f"字段的未知键 {k}", f"unknown field key {k}")
        name = f.get("name")
        if not isinstance(name, str) or not PLACEHOLDER.fullmatch("{" + name + "}"):
            raise _err(origin, f"{where}.name", "字段名须为英文标识符", "field name must be an identifier")
        if name in seen:
            raise _err(origin, f"{where}.name", f"字段名 {name} 重复", f"duplicate field {name}")
        seen.add(name)
        if not isinstance(f.get("label"), str) or not f["label"]:
            raise _err(origin, f"{where}.label", f"字段 {name} 缺少中文标签 label", "missing label")
        source = f.get("source", "free")
        if source != "free" and source not in KNOWN_SOURCES:
            raise _err(origin, f"{where}.source", f"字段 {name} 的来源 {source} 未知",
                       f"unknown source {source!r}")
        kind = f.get("kind", "text")
        if kind not in FIELD_KINDS:
            raise _err(origin, f"{where}.kind", f"字段 {name} 的类型 {kind} 未知",
                       f"unknown kind {kind!r}")
        options = f.get("options", [])
        if kind == "choice" and (not isinstance(options, list) or not options):
            raise _err(origin, f"{where}.options", f"选择字段 {name} 需要 options",
                       "choice needs options")
        if not isinstance(f.get("required", False), bool):
            raise _err(origin, f"{where}.required", "required 须为 true 或 false",
                       "required must be a boolean")
        ends = f.get("ends")
        if ends is not None and (ends not in FIELD_ENDINGS or kind not in ("text", "multiline")):
            raise _err(origin, f"{where}.ends", f"字段 {name} 的 ends 须为“。”或空字符串（仅文本字段）",
                       "ends must be '。' or '' on a text field")
        out.append(FieldSpec(
            name=name, label=f["label"], source=source, required=f.get("required", False),
            kind=kind, options=tuple(str(o) for o in options), default=str(f.get("default", "")),
            sensitive=bool(f.get("sensitive", False)), hint=str(f.get("hint", "")), ends=ends,
        ))
    return tuple(out)


def _check_placeholders(text: str, names: set[str], origin: str, where: str) -> None:
    for ref in PLACEHOLDER.findall(text):
        if ref not in names:
            raise _err(origin, where, f"引用了未声明的字段 {{{ref}}}", f"undeclared field {{{ref}}}")


def _check_block(block: Any, i: int, names: set[str], texts: dict[str, str], origin: str) -> None:
    where = f"blocks[{i}]"
    if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
        raise _err(origin, f"{where}.type", f"版面块类型须为 {'/'.join(BLOCK_TYPES)} 之一",
                   f"block type must be one of {BLOCK_TYPES}")
    for key, value in block.items():
        if isinstance(value, str):
            _check_placeholders(value, names, origin, f"{where}.{key}")
        elif isinstance(value, list):
            for row in value:
                cells = row.get("cells", []) if isinstance(row, dict) else row
                cells = cells if isinstance(cells, list) else [cells]
                for cell in cells:
                    if isinstance(cell, str):
                        _check_placeholders(cell, names, origin, f"{where}.{key}")
    ref = block.get("text_ref")
    if ref is not None and ref not in texts:
        raise _err(origin, f"{where}.text_ref", f"引用了不存在的固定文本 {ref}", f"no text {ref}")
    for key in ("field", "if_field"):
        if key in block and block[key] not in names:
            raise _err(origin, f"{where}.{key}", f"引用了未声明的字段 {block[key]}",
                       f"undeclared field {block[key]}")
    if block["type"] == "signatures":
        boxes = block.get("boxes", [])
        if not isinstance(boxes, list) or not set(boxes) <= set(SIGNATURE_BOXES):
            raise _err(origin, f"{where}.boxes", f"签名框须为 {'/'.join(SIGNATURE_BOXES)}",
                       f"boxes must be among {SIGNATURE_BOXES}")
        badges = block.get("officer_badges", [])
        if not isinstance(badges, list) or not all(isinstance(b, str) for b in badges):
            raise _err(origin, f"{where}.officer_badges",
                       "officer_badges 须为执法证号占位符的列表，如 [\"{officer1_badge}\"]",
                       "officer_badges must be a list of badge placeholders")
    if not isinstance(block.get("keep_with_next", False), bool):
        raise _err(origin, f"{where}.keep_with_next", "keep_with_next 须为 true 或 false",
                   "keep_with_next must be a boolean")
    if block["type"] == "table" and not isinstance(block.get("rows"), list):
        raise _err(origin, f"{where}.rows", "表格需要 rows", "table needs rows")
    for r, row in enumerate(block.get("rows") or [] if block["type"] == "table" else []):
        struck = row.get("struck_if") if isinstance(row, dict) else None
        if struck is not None and struck not in names:
            raise _err(origin, f"{where}.rows[{r}].struck_if", f"引用了未声明的字段 {struck}",
                       f"undeclared field {struck}")


def template_source(template_id: str) -> bytes:
    """The TOML text of a shipped template (what an issued document snapshots)."""
    get_template(template_id)
    return (templates_dir() / f"{template_id}.toml").read_bytes()


def template_from_source(source: bytes, origin: str) -> Template:
    """A template snapshot parsed back (validated like any template file)."""
    try:
        data = load_toml(source.decode("utf-8"), field="toml", what=f"模板 {origin} ")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"模板 {origin} 不是有效的 TOML：{exc}",
                              f"template {origin} is not valid TOML: {exc}", field="toml") from exc
    return parse_template(data, origin)


def load_template_file(path: Path) -> Template:
    try:
        text = read_document(path, field="toml")
    except NotFoundError as exc:
        raise NotFoundError(f"找不到模板文件 {path}", f"no template file {path}") from exc
    try:
        data = load_toml(text, field="toml", what=f"模板 {path.name} ")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"模板 {path.name} 不是有效的 TOML：{exc}",
                              f"template {path.name} is not valid TOML: {exc}",
                              field="toml") from exc
    tpl = parse_template(data, path.name)
    if tpl.id != path.stem:
        raise _err(path.name, "id", f"id {tpl.id} 与文件名不一致", "id must match the file name")
    return tpl


@lru_cache(maxsize=4)
def _load_all(directory: Path) -> dict[str, Template]:
    return {p.stem: load_template_file(p) for p in sorted(directory.glob("*.toml"))}


def all_templates(directory: Path | None = None) -> dict[str, Template]:
    return _load_all((directory or templates_dir()).resolve())


def get_template(template_id: str, directory: Path | None = None) -> Template:
    found = all_templates(directory).get(template_id)
    if found is None:
        known = "、".join(sorted(all_templates(directory)))
        raise NotFoundError(f"未知的文书模板 {template_id}（可用：{known}）",
                            f"unknown template {template_id}")
    return found
