// tollbook review UI. No inline handlers: everything is wired here (the CSP forbids inline script).
"use strict";

// The character offset, in the document text, of a point inside #doc-text.
function textOffset(root, node, offset) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let total = 0;
  for (let current = walker.nextNode(); current; current = walker.nextNode()) {
    if (current === node) return total + offset;
    total += current.textContent.length;
  }
  return null;
}

document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("doc-text");
  const form = document.getElementById("add-form");
  if (!text || !form) return;
  text.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const start = textOffset(text, range.startContainer, range.startOffset);
    const end = textOffset(text, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    document.getElementById("add-start").value = String(start);
    document.getElementById("add-end").value = String(end);
    document.getElementById("add-figure").value = selection.toString();
    const low = form.querySelector("input[name=low]");
    const digits = selection.toString().replace(/[^0-9]/g, "");
    if (low && !low.value && digits) low.value = digits;
  });
  // An individual victim is one person: low = high = 1 (the server refuses other bounds).
  const kind = document.getElementById("add-individual");
  if (kind) {
    kind.addEventListener("change", () => {
      if (kind.value !== "true") return;
      for (const name of ["low", "high"]) {
        const input = form.querySelector(`input[name=${name}]`);
        if (input) input.value = "1";
      }
    });
  }
});
