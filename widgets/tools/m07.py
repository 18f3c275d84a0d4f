"""Module 7 views: the modality decision matrix, the xAPI statement builder, the fit heatmap."""

from __future__ import annotations

import html
import json
from typing import Any

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models import modality, xapi
from widgets.tool import ModelTool, register_figure, register_tool

# A sample situation the matrix opens with: a hospital's shift-working clinical staff.
SAMPLE_WEIGHTS = {"practice": 5, "interaction": 2, "spread": 2, "flexibility": 5, "scale": 2,
                  "speed": 1, "consistency": 4}
_WIDE = {"description_width": "initial"}


@register_tool("modality-matrix")
def modality_matrix() -> ModelTool:
    """Weights of seven delivery needs (and any must-haves) -> ranked modalities with reasons."""
    controls: dict[str, W.ValueWidget] = {
        criterion: W.BoundedIntText(value=SAMPLE_WEIGHTS[criterion], min=0, max=modality.MAX_WEIGHT,
                               description=label, style=_WIDE,
                               layout=W.Layout(width="520px"))
        for criterion, label in modality.CRITERIA.items()
    }
    controls["must_have"] = W.SelectMultiple(
        options=[(label, criterion) for criterion, label in modality.CRITERIA.items()],
        value=(), rows=len(modality.CRITERIA), description="Must-haves", style=_WIDE)

    def compute(must_have: tuple[str, ...] = (), **weights: int) -> modality.ModalityRanking:
        return modality.rank_modalities(weights, must_have)

    return ModelTool(
        title="Modality decision matrix",
        description=("Set how much each need matters (0 = not at all, 5 = critical). Mark a need "
                     "as a must-have (Ctrl/Cmd-click) if no score elsewhere can make up for it."),
        controls=controls, compute=compute, render=_show_ranking)


def _show_ranking(ranking: modality.ModalityRanking) -> None:
    rows = []
    for rank, row in enumerate(ranking.ranked, start=1):
        bar = f'<div style="background:#4a7ab5;height:10px;width:{row.score * 30:.0f}px"></div>'
        rows.append(
            f"<tr><td>{rank}</td><td><b>{_e(row.label)}</b></td><td>{row.score:.2f}</td>"
            f"<td>{bar}</td><td>{_e('; '.join(row.strengths)) or '-'}</td>"
            f"<td>{_e('; '.join(row.weaknesses)) or '-'}</td></tr>")
    notes = [f"<li>{_e(label)} screened out: {_e(reason)}</li>"
             for label, reason in ranking.screened_out]
    if ranking.close_call:
        notes.append("<li>The top two are within 0.25 points: treat this as a close call and "
                     "test both with a pilot or a blend.</li>")
    display(HTML(
        "<table><tr><th>#</th><th>Modality</th><th>Score (1-5)</th><th></th>"
        "<th>Serves well</th><th>Serves poorly</th></tr>" + "".join(rows) + "</table>"
        + (f"<ul>{''.join(notes)}</ul>" if notes else "")))


IDENTIFY = [("Email address (mbox)", "mbox"), ("Account on a system", "account"),
            ("Both (to see what goes wrong)", "both")]
TRI_STATE = [("not stated", None), ("true", True), ("false", False)]


@register_tool("xapi-builder")
def xapi_builder() -> ModelTool:
    """Form fields -> an xAPI statement as JSON, with every error and warning named."""
    def text(value: str, description: str, placeholder: str = "") -> W.Text:
        return W.Text(value=value, description=description, placeholder=placeholder,
                      style=_WIDE, layout=W.Layout(width="560px"))

    controls: dict[str, W.ValueWidget] = {
        "actor_name": text("Ana Ruiz", "Learner name"),
        "identify": W.Dropdown(options=IDENTIFY, value="mbox", description="Identify by",
                               style=_WIDE),
        "email": text("ana.ruiz@example.com", "Email"),
        "account_home_page": text("https://lms.example.com", "Account system"),
        "account_name": text("ar-10442", "Account id"),
        "verb_id": W.Combobox(value=xapi.ADL + "completed", options=list(xapi.VERBS),
                              ensure_option=False, description="Verb IRI", style=_WIDE,
                              layout=W.Layout(width="560px")),
        "object_id": text("https://learning.example.com/courses/safe-lifting", "Activity IRI"),
        "object_name": text("Safe lifting refresher", "Activity name"),
        "score": text("0.85", "Scaled score", "blank, or -1 to 1 (0.85 = 85 %)"),
        "success": W.Dropdown(options=TRI_STATE, value=True, description="Success",
                              style=_WIDE),
        "completion": W.Dropdown(options=TRI_STATE, value=True, description="Completion",
                                 style=_WIDE),
        "timestamp": text("2027-02-12T10:30:00Z", "Timestamp", "ISO 8601, e.g. 2027-02-12T10:30Z"),
    }
    return ModelTool(
        title="xAPI statement builder",
        description=("Fill in who did what to which activity; the statement is rebuilt and "
                     "checked as you type."),
        controls=controls, compute=compose_from_form, render=_show_draft)


def compose_from_form(identify: str, email: str, account_home_page: str, account_name: str,
                      score: str, **fields: Any) -> xapi.Draft:
    """Map the builder's form to `xapi.compose`: pick the identifier(s), parse the score."""
    text = score.strip()
    try:
        scaled = float(text) if text else None
    except ValueError:
        message = f"scaled score must be a number such as 0.85, or blank; got {text!r}"
        raise ValueError(message) from None
    use_mbox = identify in ("mbox", "both")
    use_account = identify in ("account", "both")
    return xapi.compose(mbox=email if use_mbox else "",
                        account_home_page=account_home_page if use_account else "",
                        account_name=account_name if use_account else "",
                        score_scaled=scaled, **fields)


def _show_draft(draft: xapi.Draft) -> None:
    check = draft.check
    if check.valid:
        head = '<p style="color:#060"><b>Valid statement.</b></p>'
    else:
        head = (f'<p style="color:#a00"><b>Invalid: {len(check.errors)} problem(s) an LRS would '
                f'reject.</b></p><ul>' + "".join(f"<li>{_e(e)}</li>" for e in check.errors)
                + "</ul>")
    if check.warnings:
        head += ("<p>Recommended, not required:</p><ul>"
                 + "".join(f"<li>{_e(w)}</li>" for w in check.warnings) + "</ul>")
    body = json.dumps(draft.statement, indent=2, ensure_ascii=False)
    display(HTML(head + f"<pre>{_e(body)}</pre>"))


@register_figure("modality-fit")
def modality_fit_figure() -> None:
    """Heatmap of the default fit table: how well each modality serves each need."""
    display(fit_heatmap())


def fit_heatmap() -> go.Figure:
    """The default fit table as an annotated heatmap (criteria down, modalities across)."""
    criteria = list(modality.DEFAULT_FIT)
    modalities = list(modality.MODALITIES)
    values = [[modality.DEFAULT_FIT[c][m] for m in modalities] for c in criteria]
    fig = go.Figure(go.Heatmap(
        z=values, x=[modality.MODALITIES[m] for m in modalities],
        y=[modality.CRITERIA[c] for c in criteria], zmin=1, zmax=5, colorscale="Blues",
        text=values, texttemplate="%{text}", colorbar={"title": "Fit (1-5)"}))
    fig.update_layout(title="How well each modality serves each need (course defaults)",
                      yaxis={"autorange": "reversed"}, height=420,
                      margin={"l": 20, "r": 20, "t": 60, "b": 20})
    return fig


def _e(text: object) -> str:
    return html.escape(str(text))
