"""Issue 16, item 7 in Chromium: events chosen to merge on different pages, previewed, confirmed
and undone from the event's page."""

from __future__ import annotations

from tests.web.test_browser import _login, page  # noqa: F401 - the page fixture


def test_selection_across_pages_preview_confirm_and_undo(page) -> None:  # noqa: F811
    _login(page)
    page.goto("/events?per_page=1&sort=killed&dir=desc")
    first = page.locator("tbody input[name=event]").get_attribute("value")
    page.locator("tbody input[name=event]").check()
    assert "selected=" + first in page.url
    page.click("nav.pager a[rel=next]")
    page.click("nav.pager a[rel=next]")  # page 3 of 3: the lowest killed best
    last = page.locator("tbody input[name=event]").get_attribute("value")
    page.locator("tbody input[name=event]").check()
    assert page.locator("#selection-count").inner_text() == "2"
    page.fill("#event-filters input[name=q]", "zz-no-such-event")  # a search keeps the selection too
    page.click("#event-filters button[type=submit]")
    assert page.locator("#selection .chosen").count() == 2
    page.click("text=Preview the merge")
    page.wait_for_url("**/events/merge?*")
    assert page.locator(".merge-from tbody tr").count() == 2
    assert page.locator(".merge-result svg.chart.interval").count() >= 1
    page.goto("/events")
    assert page.locator("table.list tbody tr").count() == 3  # the preview wrote nothing
    page.go_back()
    page.fill("form.confirm input[name=note]", "one incident")
    page.click("text=Confirm the merge")
    page.wait_for_url("**/events/E*")
    merged = page.url.rsplit("/", 1)[1]
    assert merged in (first, last)
    gone = last if merged == first else first
    page.goto(f"/events/{gone}")  # the merged-away id leads to the event that holds it now
    assert page.url.endswith(f"/events/{merged}")
    page.click("text=Undo this merge")
    page.wait_for_url("**/events/E*")
    page.goto("/events")
    assert page.locator("table.list tbody tr").count() == 3
    page.goto(f"/audit?event={gone}")
    assert [page.locator("table.audit tbody tr td").nth(n).inner_text() for n in (1, 2)] == ["ed", "undo"]
    assert page.errors == []
