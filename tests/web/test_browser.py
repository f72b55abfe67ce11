"""End to end in Debian's Chromium (Playwright, headless) against a live server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, expire_sessions

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def page(browser, live_server: str):
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("dialog", lambda dialog: (tab.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield tab
    context.close()


def _login(page, name: str = "ed") -> None:
    page.goto("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/documents")


def _open_document(page, title: str) -> None:
    page.goto("/documents")
    page.click(f"text={title}")
    page.wait_for_selector("#doc-text")


def test_review_flow(page) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    figures = page.locator("#doc-text a.fig")
    assert figures.count() == 2
    assert "outcome-killed" in figures.first.get_attribute("class")
    assert page.locator("#doc-text .claimant").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document-view.png"), full_page=True)

    # correct the injured claim
    injured = page.locator("section.claim").filter(has_text="injured").first
    injured.locator("summary").click()
    injured.locator("input[name=low]").fill("14")
    injured.locator("input[name=high]").fill("14")
    injured.locator("input[name=note]").fill("hospital count")
    injured.locator("button[value=correct]").click()
    page.wait_for_selector("section.claim.status-corrected")
    assert "14 – 14" in page.locator("section.claim.status-corrected").inner_text()

    # reject the other one
    page.locator("section.claim.status-unreviewed button[value=reject]").first.click()
    page.wait_for_selector("section.claim.status-rejected")

    page.goto("/audit")
    rows = page.locator("table.audit tbody tr")
    assert rows.count() == 2
    assert "reject" in rows.nth(0).inner_text() and "correct" in rows.nth(1).inner_text()
    assert "hospital count" in rows.nth(1).inner_text() and "ed" in rows.nth(1).inner_text()
    assert page.errors == []


def test_add_a_missed_claim_by_selecting_text(page) -> None:
    _login(page)
    _open_document(page, "Floods in Dunmore")
    # select the word "Floods" in the text, as a reviewer would with the mouse
    page.evaluate("""() => {
        const node = [...document.querySelectorAll('#doc-text .t')].find(n => n.textContent.includes('Floods'))
            .firstChild;
        const at = node.textContent.indexOf('Floods');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 6);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        document.getElementById('doc-text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    assert page.input_value("#add-figure") == "Floods"
    page.fill("#add-form input[name=low]", "3")
    page.select_option("#add-form select[name=outcome]", "missing")
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("section.claim.status-added")
    assert page.locator("#doc-text a.fig.outcome-missing").inner_text() == "Floods"


def test_merge_two_events(page) -> None:
    _login(page)
    page.goto("/events")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 3
    page.locator("input[name=event]").nth(0).check()
    page.locator("input[name=event]").nth(1).check()
    page.click("text=Merge the ticked events")
    page.wait_for_url("**/events/E*")
    assert page.locator("svg.chart.interval").count() >= 1
    page.goto("/events")
    assert page.locator("table.list tbody tr").count() == 2


def test_hostile_document_renders_inert(page) -> None:
    _login(page)
    page.goto("/documents")
    page.click("text=Attack")
    page.wait_for_selector("#doc-text")
    text = page.locator("#doc-text").inner_text()
    assert "<script>alert(1)</script>" in text  # shown as text
    assert page.locator("#doc-text script, #doc-text img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto("/events")
    page.goto("/claims")
    assert page.errors == []  # no alert dialog, no script error


def test_form_post_without_csrf_is_refused(page) -> None:
    _login(page)
    claim = page.request.get("/api/claims").json()["items"][0]
    response = page.request.post(f"/claims/{claim['row_id']}/review", form={"action": "reject"})
    assert response.status == 403
    assert page.request.get(f"/api/claims/{claim['row_id']}").json()["status"] == "unreviewed"


def test_a_viewer_cannot_edit(page) -> None:
    _login(page, "vic")
    _open_document(page, "Shelling hits Velmora market")
    assert page.locator("form.review").count() == 0 and page.locator("#add-form").count() == 0
    csrf = page.request.get("/api/me").json()["csrf"]
    claim = page.request.get("/api/claims").json()["items"][0]
    response = page.request.post(f"/api/claims/{claim['row_id']}/review", data={"action": "accept"},
                                 headers={"X-CSRF-Token": csrf})
    assert response.status == 403


def test_mark_a_claim_individual_and_back(page) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    injured = page.locator("section.claim").filter(has=page.locator("h3 .fig", has_text="12"))
    assert injured.count() == 1 and injured.locator(".badge.individual").count() == 0
    assert injured.locator("dd.kind").inner_text() == "count"

    # mark it as one person: the badge, the kind, the bounds and the figure in the text follow
    injured.locator("summary").click()
    injured.locator("select[name=individual]").select_option("true")
    injured.locator("button[value=correct]").click()
    page.wait_for_selector("section.claim.status-corrected .badge.individual")
    corrected = page.locator("section.claim.status-corrected")
    assert corrected.locator("dd.kind").inner_text() == "individual victim (one person)"
    assert "1 – 1" in corrected.inner_text()
    figure = page.locator("#doc-text a.fig.individual")
    assert figure.count() == 1 and figure.inner_text() == "12"
    assert "individual victim" in figure.get_attribute("title")

    page.goto("/claims?kind=individual")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 0 or "No claims match" in rows.first.inner_text()  # the filter reads the extractor's
    page.goto("/claims")
    marked = page.locator("table.list tbody tr").filter(has=page.locator(".badge.individual"))
    assert marked.count() == 1 and "12" in marked.inner_text()

    # and back to a count
    _open_document(page, "Shelling hits Velmora market")
    corrected = page.locator("section.claim.status-corrected")
    corrected.locator("summary").click()
    corrected.locator("select[name=individual]").select_option("false")
    corrected.locator("button[value=correct]").click()
    page.wait_for_selector("section.claim.status-corrected dd.kind:text-is('count')")
    assert page.locator(".badge.individual").count() == 0
    assert page.locator("#doc-text a.fig.individual").count() == 0

    page.goto("/audit")
    rows = page.locator("table.audit tbody tr")
    assert rows.count() == 2
    assert '"individual": false' in rows.nth(0).inner_text() and '"individual": true' in rows.nth(1).inner_text()
    assert page.errors == []


def test_add_an_individual_victim(page) -> None:
    _login(page)
    _open_document(page, "Floods in Dunmore")
    page.evaluate("""() => {
        const node = [...document.querySelectorAll('#doc-text .t')].find(n => n.textContent.includes('people'))
            .firstChild;
        const at = node.textContent.indexOf('people');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 6);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        document.getElementById('doc-text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    page.select_option("#add-individual", "true")  # fills in low = high = 1
    assert (page.input_value("#add-form input[name=low]"), page.input_value("#add-form input[name=high]")) == ("1", "1")
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("section.claim.status-added .badge.individual")
    assert page.locator("#doc-text a.fig.individual").inner_text() == "people"
    assert page.errors == []


def test_a_review_sent_after_the_session_expired_returns_to_the_document(page, tmp_path: Path) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    document = page.url
    expire_sessions(f"sqlite:///{tmp_path / 'live.db'}")  # the live server's corpus
    page.locator("section.claim.status-unreviewed button[value=accept]").first.click()
    page.wait_for_url("**/login**")
    page.fill("input[name=name]", "ed")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(document)  # the document again, not a 405 page
    assert page.locator("section.claim.status-unreviewed").count() == 2  # the expired post changed nothing
    assert page.errors == []
