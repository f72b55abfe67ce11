// The events list: the events ticked to merge are carried from page to page, search to search
// and sort to sort in the address (?selected=E1,E2), so a selection survives paging. Without
// this script the "Keep the ticked for another page" button and the "merge with…" field do the same.
(function () {
  "use strict";
  const form = document.getElementById("merge-form");
  if (!form) return;
  const filters = document.getElementById("event-filters");
  const count = document.getElementById("selection-count");

  function chosen() {
    const ids = Array.from(form.querySelectorAll("input[type=checkbox][name=event]:checked")).map((box) => box.value);
    return Array.from(new Set(ids));
  }

  function carried(address, ids) {
    const url = new URL(address, window.location.href);
    if (ids.length) url.searchParams.set("selected", ids.join(","));
    else url.searchParams.delete("selected");
    return url.pathname + url.search + url.hash;
  }

  function update() {
    const ids = chosen();
    window.history.replaceState(null, "", carried(window.location.href, ids));
    document.querySelectorAll("nav.pager a, table.list thead a").forEach((link) => {
      link.setAttribute("href", carried(link.getAttribute("href"), ids));
    });
    if (filters) {
      let field = filters.querySelector("input[name=selected]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "selected";
        filters.appendChild(field);
      }
      field.value = ids.join(",");
      if (!ids.length) field.remove();
    }
    if (count) count.textContent = String(ids.length);
  }

  form.querySelectorAll("input[type=checkbox][name=event]").forEach((box) => box.addEventListener("change", update));
})();
