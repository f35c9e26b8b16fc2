"""The auditor's workspace pages, against a small fake state (no batch, no database)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.testclient import TestClient

import ehcp_nlp
from ehcp_nlp.web.pages import page_routes

WEB = Path(ehcp_nlp.__file__).parent / "web"
TOKEN = "test-csrf-token-123"
HOSTILE = "<script>alert(1)</script>"
RLO = "\u202e"

TEXT_E = ("By the end of Key Stage 2 Sam will read fluently. " + HOSTILE +
          " Sam will be happy.\nSam will improve.")
EVIDENCE = "Sam will be happy."


class FakeState:
    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.token = TOKEN
        self.templates = Jinja2Templates(directory=str(WEB / "templates"))
        start = TEXT_E.index(EVIDENCE)
        self._plans = [
            {"id": "aaaa000011112222", "file": f"plans/evil{RLO}txt.docx", "kind": "plan",
             "suggested_rating": "Good", "probability": 0.41, "closer_look": True,
             "audit_status": "not audited", "key_stage": "KS2", "setting": HOSTILE},
            {"id": "bbbb000011112222", "file": "plans/calm.docx", "kind": "plan",
             "suggested_rating": "Inadequate", "probability": 0.88, "closer_look": False,
             "audit_status": "audited", "key_stage": "KS4", "setting": "special school"},
        ]
        self._reviews = {
            "aaaa000011112222": {
                "source": "evil.docx", "kind": "plan",
                "sections": {"E": {"title": "Outcomes " + HOSTILE, "text": TEXT_E},
                             "A": {"title": "Views, interests and aspirations", "text": f"Sam likes trains{RLO}."}},
                "flags": [
                    {"code": "outcome.not_smart", "section": "E", "severity": "major",
                     "message": "Not SMART " + HOSTILE, "evidence": EVIDENCE, "start": start,
                     "end": start + len(EVIDENCE), "rule": "r1"},
                    {"code": "section.missing", "section": "F", "severity": "minor",
                     "message": "Section F is missing.", "evidence": "", "start": 0, "end": 0, "rule": "r2"},
                ],
                "scores": {"A": 5, "E": 2, "total": 7, "out_of": 10,
                           "details": {"A": {"score": 5, "out_of": 5, "missing": False, "deductions": []},
                                       "E": {"score": 2, "out_of": 5, "missing": False,
                                             "deductions": [{"code": "outcome.not_smart", "points": 3}]}}},
                "rating": {"suggested": "Good", "confidence": 0.41,
                           "probabilities": {"Outstanding": 0.1, "Good": 0.41, "Requires Improvement": 0.3,
                                             "Inadequate": 0.19},
                           "reasons": ["Outcomes lack measures " + HOSTILE], "needs_auditor_review": True},
                "comments": {"marker": "DRAFT", "summary": "A plan with " + HOSTILE,
                             "strengths": [{"text": "Views are clear."}],
                             "improvements": [{"text": "Outcomes are vague.", "quotes": [EVIDENCE]}],
                             "sections": []},
                "decisions": [{"role": "auditor", "rating": "Good", "decided_by": "Ann " + HOSTILE,
                               "decided_at": "2026-03-01T10:00:00Z", "note": ""}],
                "flag_decisions": [{"flag_index": 1, "verdict": "dismiss", "reason": "template text",
                                    "decided_by": "Ann", "note": ""}],
            },
        }

    def plans(self) -> list[dict]:
        return sorted(self._plans, key=lambda p: p["probability"])

    def plan(self, plan_id: str) -> dict | None:
        return self._reviews.get(plan_id)

    def precision(self) -> list[dict]:
        return [{"code": "outcome.not_smart", "confirmed": 3, "dismissed": 1, "precision": 0.75,
                 "reasons": {"wrong": 1}},
                {"code": "boiler." + HOSTILE, "confirmed": 0, "dismissed": 4, "precision": 0.0,
                 "reasons": {"template text": 3, "not important": 1}}]

    def cohort(self) -> dict:
        return {"counts": {"plans": 2, "advice": 0, "reviews": 0, "failed": 0, "rated": 2},
                "averages": {"plans": 2, "total": 31.5, "out_of": 60, "sections": {"A": 4.5, "E": 2.0}},
                "strengths": [{"strength": "Views are clear in 50% (1) plans."}],
                "improvements": [{"improvement": "Better outcomes required in 50% (1) plans " + HOSTILE}],
                "trends": [], "recommendations": []}

    def moderation(self) -> dict:
        return {"population": 2, "share": 0.5,
                "sample": [{"id": "aaaa000011112222", "file": f"plans/evil{RLO}txt.docx", "suggested": "Good",
                            "auditor_rating": "Good", "moderator_rating": "Requires Improvement",
                            "reason": "stratum Good"}],
                "agreement": {"auditor_vs_moderator": {
                    "n": 1, "exact": 0.0, "within_one": 1.0, "kappa": None, "kappa_note": "not enough plans",
                    "sentences": ["1 plan was downgraded from Good to Requires Improvement"],
                    "confusion": {"matrix": [[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]}}}}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    state = FakeState(tmp_path_factory.mktemp("out"))
    app = Starlette(routes=page_routes(state) + [Mount("/static", StaticFiles(directory=str(WEB / "static")),
                                                       name="static")])
    with TestClient(app) as c:
        yield c


PAGES = ["/", "/add", "/plans/aaaa000011112222", "/moderation", "/dashboard", "/precision"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_csrf_token_and_no_raw_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert f'<meta name="csrf-token" content="{TOKEN}">' in html
    assert "<script>alert" not in html
    assert RLO not in html
    assert '<html lang="en-GB">' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "\n" not in title and title.endswith(" – ehcp_nlp"), title  # one line, no markup
    assert html.count("<h1") == 1
    # nothing fetched from elsewhere: every script and style sheet is the package's own
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//")), src


def test_hostile_text_is_escaped_and_controls_shown(client: TestClient) -> None:
    html = client.get("/plans/aaaa000011112222").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[U+202E]" in html
    listing = client.get("/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing  # a manifest field
    assert "evil[U+202E]txt.docx" in listing


def test_audit_page_highlights_evidence_and_offers_verdicts(client: TestClient) -> None:
    html = client.get("/plans/aaaa000011112222").text
    mark = re.search(r'<mark class="major"[^>]*>(.*?)</mark>', html, re.S)
    assert mark and EVIDENCE in mark.group(1)
    assert 'id="list-flag-1"' in html and 'href="#list-flag-1"' in html
    # each flag: confirm and dismiss buttons, a reason for dismissing, a note
    assert html.count('data-verdict-button="confirm"') == 2
    assert html.count('data-verdict-button="dismiss"') == 2
    for reason in ("wrong", "template text", "not important"):
        assert f'<option value="{reason}"' in html
    assert 'action="/api/plans/aaaa000011112222/flags/0"' in html
    assert "Dismissed (template text) by Ann" in html  # the recorded verdict on flag 2
    # rating with reasons and the form to confirm or override it
    assert "Suggested rating: <strong>Good</strong>" in html
    assert "Outcomes lack measures &lt;script&gt;" in html
    assert 'action="/api/plans/aaaa000011112222/rating"' in html
    # section scores, editable draft comments, keyboard help
    assert "2 / 5" in html and "outcome.not_smart (−3)" in html
    assert re.search(r'<textarea id="draft-comments"[^>]*>A plan with &lt;script&gt;', html)
    assert "<kbd>j</kbd>" in html and "<kbd>d</kbd>" in html


def test_unknown_plan_is_404(client: TestClient) -> None:
    response = client.get("/plans/nope")
    assert response.status_code == 404
    assert "Plan not found" in response.text


def _rows(html: str) -> list[str]:
    return re.findall(r'<a href="/plans/([^"]+)">', html.split("<tbody>", 1)[1]) if "<tbody>" in html else []


def test_plan_list_sorted_lowest_confidence_first_and_filters(client: TestClient) -> None:
    assert _rows(client.get("/").text) == ["aaaa000011112222", "bbbb000011112222"]
    assert _rows(client.get("/?sort=-probability").text) == ["bbbb000011112222", "aaaa000011112222"]
    assert _rows(client.get("/?suggested_rating=Inadequate").text) == ["bbbb000011112222"]
    assert _rows(client.get("/?closer_look=yes").text) == ["aaaa000011112222"]
    assert _rows(client.get("/?audit_status=audited").text) == ["bbbb000011112222"]
    assert _rows(client.get("/?key_stage=KS2").text) == ["aaaa000011112222"]
    assert _rows(client.get("/?below=50").text) == ["aaaa000011112222"]
    assert _rows(client.get("/?q=calm").text) == ["bbbb000011112222"]
    html = client.get("/?key_stage=KS9").text
    assert _rows(html) == [] and "No document matches these filters" in html
    assert '<option value="KS2" selected>' in client.get("/?key_stage=KS2").text


def test_dashboard_uses_the_filters(client: TestClient) -> None:
    html = client.get("/dashboard?suggested_rating=Good").text
    assert re.search(r"<dt>Documents</dt><dd>1 of 2</dd>", html)
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Better outcomes required in 50% (1) plans &lt;script&gt;" in html


def test_precision_page_shows_figures(client: TestClient) -> None:
    html = client.get("/precision").text
    assert "outcome.not_smart" in html and "75%" in html
    assert "template text (3); not important (1)" in html
    assert "boiler.&lt;script&gt;" in html


def test_moderation_page_shows_sample_and_agreement(client: TestClient) -> None:
    html = client.get("/moderation").text
    assert "Requires Improvement" in html and "evil[U+202E]txt.docx" in html
    assert "Within one grade" in html and "100.0%" in html
    assert "1 plan was downgraded from Good to Requires Improvement" in html
    assert "not enough plans" in html


def test_static_files_are_served(client: TestClient) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "X-CSRF-Token" in js.text and "localStorage" in js.text
    assert client.get("/static/app.css").status_code == 200
    assert "http://" not in js.text and "https://" not in js.text  # nothing fetched from elsewhere
