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
    page.click("text=Preview the merge")
    page.wait_for_url("**/events/merge?*")
    page.click("text=Confirm the merge")
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


# -- issue 16: Enter in the correction form, keyboard review, no reload -------------------------

def _card(page, figure: str):
    return page.locator("section.claim").filter(has=page.locator("h3 .fig", has_text=figure))


@pytest.mark.parametrize(("field", "typed", "shown"), [
    ("source", "the mayor", "the mayor"),
    ("date", "3 Aug 2019", "2019-08-03"),
])
def test_enter_in_the_correction_form_saves_the_correction(page, field: str, typed: str, shown: str) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    injured = _card(page, "12")
    injured.locator("summary").click()
    injured.locator(f"input[name={field}]").fill(typed)
    injured.locator(f"input[name={field}]").press("Enter")
    page.wait_for_selector("section.claim.status-corrected")
    corrected = _card(page, "12")
    assert "corrected" in corrected.get_attribute("class") and shown in corrected.inner_text()
    assert page.locator("section.claim.status-accepted").count() == 0  # not the Accept button
    audit = page.request.get("/api/audit").json()["items"]
    assert [(a["action"], a["user"], a["after"][field]) for a in audit] == [("correct", "ed", shown)]
    if field == "date":
        assert "extracted: 2024-05-06 from 'Monday'" in corrected.inner_text()
    assert page.errors == []


def test_keyboard_review_without_a_reload(page) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    assert page.locator("#keys").is_visible() and "j" in page.locator("#keys").inner_text()
    assert page.locator("#doc-text .when").first.inner_text() == "Monday"
    assert page.locator("#doc-text .where").first.inner_text() == "Velmora"
    page.evaluate("window.stayed = true")  # gone after a reload
    cards = page.locator("section.claim")

    page.keyboard.press("j")
    assert "current" in cards.nth(0).get_attribute("class")
    page.keyboard.press("a")  # accept the first; the second becomes the current one
    page.wait_for_selector("section.claim.status-accepted")
    page.wait_for_function("document.querySelectorAll('section.claim')[1].classList.contains('current')")
    assert page.locator("#progress").inner_text() == "1 of 2 reviewed"
    page.keyboard.press("r")
    page.wait_for_selector("section.claim.status-rejected")
    assert page.locator("#progress").inner_text() == "2 of 2 reviewed"
    assert page.locator("#doc-text a.fig.status-rejected").count() == 1  # the text follows

    page.keyboard.press("k")
    assert "current" in cards.nth(0).get_attribute("class")
    page.keyboard.press("c")  # focus the first card's correction form
    assert page.evaluate("document.activeElement.closest('form.correct') !== null")
    assert page.evaluate("document.activeElement.closest('section.claim') === "
                         "document.querySelectorAll('section.claim')[0]")
    page.keyboard.type("ar")  # typed into the field: no accept, no reject
    assert page.evaluate("document.activeElement.value") == "ar"
    assert page.locator("section.claim.status-accepted").count() == 1
    assert page.locator("section.claim.status-rejected").count() == 1
    assert page.evaluate("window.stayed") is True
    audit = page.request.get("/api/audit").json()["items"]
    assert [(a["action"], a["user"]) for a in audit] == [("reject", "ed"), ("accept", "ed")]
    assert page.errors == []


def test_a_refused_correction_is_shown_in_the_card(page) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    injured = _card(page, "12")
    injured.locator("summary").click()
    injured.locator("input[name=event]").fill("E-typo")
    injured.locator("input[name=event]").press("Enter")
    alert = injured.locator(".review-error")
    alert.wait_for()
    assert "does not exist" in alert.inner_text() and "E-typo" in alert.inner_text()
    assert page.locator("section.claim.status-unreviewed").count() == 2
    assert page.errors == []


def test_accept_the_rest_then_the_next_document(page) -> None:
    _login(page)
    _open_document(page, "Shelling hits Velmora market")
    document = page.url
    page.click("#accept-rest button")
    page.wait_for_selector("section.claim.status-accepted")
    assert page.locator("section.claim.status-accepted").count() == 2
    assert page.locator("#progress").inner_text() == "2 of 2 reviewed" and page.locator("#accept-rest").count() == 0
    page.click("#next-document")
    page.wait_for_selector("#doc-text")
    assert page.url != document and page.locator("section.claim.status-unreviewed").count() >= 1
    page.goto("/documents?todo=1")
    assert "Shelling hits Velmora market" not in page.locator("table.list").inner_text()
    assert "2 of 5 claims reviewed" in page.locator("#overall-progress").inner_text()
    assert page.errors == []


def test_without_javascript_enter_corrects_and_the_page_comes_back_to_the_claim(browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        tab = context.new_page()
        _login(tab)
        _open_document(tab, "Shelling hits Velmora market")
        injured = _card(tab, "12")
        row = injured.get_attribute("id")
        injured.locator("summary").click()
        injured.locator("input[name=source]").fill("the mayor")
        injured.locator("input[name=source]").press("Enter")
        tab.wait_for_url(f"**/documents/*#{row}")
        corrected = _card(tab, "12")
        assert "status-corrected" in corrected.get_attribute("class") and "the mayor" in corrected.inner_text()
        tab.locator("#accept-rest button").click()  # the bulk accept posts and comes back too
        tab.wait_for_selector("section.claim.status-accepted")
        assert tab.locator("section.claim.status-unreviewed").count() == 0
    finally:
        context.close()
