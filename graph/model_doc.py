"""Renders the data model as Markdown (docs/model.md), so the documentation cannot drift from the code."""

from __future__ import annotations

from graph.model import (
    DOMAIN_CALLS_FOR,
    EXPERTISE,
    GROUP_MEANING,
    LIFE_DOMAINS,
    NODES,
    RELATIONSHIPS,
    TIE_DIRECTIONS,
    TIE_QUALITIES,
    ZRM_NEED_THRESHOLD,
    ZRM_VERSIONS,
    Prop,
)


def _prop_cell(prop: Prop) -> str:
    notes = [prop.type]
    if prop.required:
        notes.append("required")
    if prop.personal:
        notes.append("personal data")
    if prop.choices:
        notes.append("one of " + ", ".join(f"`{choice}`" for choice in prop.choices))
    text = f"`{prop.name}` ({'; '.join(notes)})"
    return f"{text}: {prop.description}" if prop.description else text


def render_model_doc() -> str:
    lines = [
        "# The wijkgraph data model",
        "",
        "Generated from `graph/model.py` by `wijkgraph docs`; a test fails when this file is out of date.",
        "",
        "Every node and relationship also carries `source` (the import that wrote it), `firstseen` and "
        "`lastupdated`. Labels marked *household-level* hold special-category data: pseudonymous, "
        "role-restricted and audited.",
        "",
        "## Nodes",
        "",
        "| label | key | properties | description |",
        "|---|---|---|---|",
    ]
    for node in NODES:
        props = "<br>".join(_prop_cell(prop) for prop in node.properties)
        note = " *household-level*" if node.household_level else ""
        lines.append(f"| `{node.label}` | `{node.key}` | {props} | {node.description}{note} |")
    lines += ["", "## Relationships", "", "| pattern | properties | description |", "|---|---|---|"]
    for rel in RELATIONSHIPS:
        props = "<br>".join(_prop_cell(prop) for prop in rel.properties)
        note = " *household-level*" if rel.household_level else ""
        lines.append(f"| `({rel.start})-[:{rel.type}]->({rel.end})` | {props} | {rel.description}{note} |")
    lines += ["", "## Ring-2 groups", ""]
    lines += [f"- **{group}**: {meaning}" for group, meaning in GROUP_MEANING.items()]
    lines += ["", "## Expertise", ""]
    lines += [f"- `{code}`: {name}" for code, name in EXPERTISE.items()]
    lines += ["", "## Life domains and ZRM versions", "", "| code | name | " + " | ".join(ZRM_VERSIONS) + " |",
              "|---|---|" + "---|" * len(ZRM_VERSIONS)]
    for code, name in LIFE_DOMAINS.items():
        marks = " | ".join("x" if code in domains else "" for domains in ZRM_VERSIONS.values())
        lines.append(f"| `{code}` | {name} | {marks} |")
    lines += [
        "",
        f"A ZRM score of {ZRM_NEED_THRESHOLD} or lower in a domain counts as demand for an expertise "
        "(`(:LifeDomain)-[:CALLS_FOR]->(:Expertise)`):",
        "",
    ]
    lines += [f"- `{domain}` → `{expertise}`" for domain, expertise in DOMAIN_CALLS_FOR.items()]
    lines += ["", "## Ecogram ties (Hartman)", "",
              "Quality: " + ", ".join(f"`{q}`" for q in TIE_QUALITIES) + ". Direction of support: "
              + ", ".join(f"`{d}`" for d in TIE_DIRECTIONS) + ".", ""]
    return "\n".join(lines)
