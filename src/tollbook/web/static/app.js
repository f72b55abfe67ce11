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

// -- fast review: decisions without a reload, and keys ---------------------------------------------
// Without JS the review forms post and the server redirects back to /documents/N#claim-M. With JS
// the same form is posted with fetch (the same checks, the same CSRF token); the page it redirects
// to brings the new card, text and progress line, swapped in place. Everything swapped in comes
// from the server's autoescaped templates; messages are set as text.

function claimCards() {
  return [...document.querySelectorAll("section.claim")];
}

function showError(card, message) {
  let box = card.querySelector(".review-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "error review-error";
    box.setAttribute("role", "alert");
    card.appendChild(box);
  }
  box.textContent = message;
}

function swapFrom(fresh, id) {
  const old = document.getElementById(id);
  const replacement = fresh.getElementById(id);
  if (old && replacement) old.replaceWith(document.importNode(replacement, true));
  else if (old && !replacement) old.remove();
}

// Post a review form; resolve true when the card was updated in place.
async function submitReview(form, submitter) {
  const card = form.closest("section.claim");
  const data = new URLSearchParams(new FormData(form));
  if (submitter && submitter.name) data.append(submitter.name, submitter.value);
  let response;
  try {
    // getAttribute: the form field named "action" hides the form's action property
    response = await fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin"});
  } catch (error) {
    showError(card, "the server did not answer; nothing was saved: try again");
    return false;
  }
  const html = await response.text();
  const fresh = new DOMParser().parseFromString(html, "text/html");
  if (!response.ok) {
    const message = fresh.querySelector(".error");
    showError(card, message ? message.textContent : `the server answered ${response.status}`);
    return false;
  }
  if (new URL(response.url).pathname !== window.location.pathname) {
    window.location.assign(response.url);  // e.g. the session ended: the sign-in page
    return false;
  }
  const text = document.getElementById("doc-text");
  const freshText = fresh.getElementById("doc-text");
  if (text && freshText) text.replaceChildren(...[...freshText.childNodes].map((n) => document.importNode(n, true)));
  swapFrom(fresh, card.id);
  swapFrom(fresh, "progress");
  swapFrom(fresh, "accept-rest");
  return true;
}

let currentClaim = -1;

function markCurrent(index) {
  const cards = claimCards();
  if (cards.length === 0) return null;
  currentClaim = Math.max(0, Math.min(index, cards.length - 1));
  cards.forEach((card, i) => card.classList.toggle("current", i === currentClaim));
  const card = cards[currentClaim];
  card.scrollIntoView({block: "nearest"});
  history.replaceState(null, "", `#${card.id}`);
  return card;
}

async function decide(action) {
  const card = markCurrent(currentClaim < 0 ? 0 : currentClaim);
  const button = card && card.querySelector(`form.decide button[value=${action}]`);
  if (!button) return;
  const at = currentClaim;
  if (await submitReview(button.form, button)) markCurrent(at + 1);
  else markCurrent(at);
}

function openCorrection() {
  const card = markCurrent(currentClaim < 0 ? 0 : currentClaim);
  const details = card && card.querySelector("form.correct details");
  if (!details) return;
  details.open = true;
  const first = details.querySelector("input:not([type=hidden]), select");
  if (first) first.focus();
}

function typing(target) {
  return target instanceof Element && (target.isContentEditable || target.closest("input, select, textarea") !== null);
}

document.addEventListener("DOMContentLoaded", () => {
  if (!document.getElementById("doc-text")) return;
  const cards = claimCards();
  const fromHash = cards.findIndex((card) => `#${card.id}` === window.location.hash);
  if (fromHash >= 0) currentClaim = fromHash;

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form.decide, form.correct")) return;
    event.preventDefault();
    submitReview(form, event.submitter);
  });

  const keys = {
    j: () => markCurrent(currentClaim + 1), n: () => markCurrent(currentClaim + 1),
    k: () => markCurrent(currentClaim - 1), p: () => markCurrent(currentClaim - 1),
    a: () => decide("accept"), r: () => decide("reject"), c: openCorrection,
  };
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const run = keys[event.key];
    if (!run) return;
    event.preventDefault();  // "c" focuses a field: the key must not type itself into it
    run();
  });
});
