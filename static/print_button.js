// The ticket page's "Print ticket" buttons: shown only where script runs.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => globalThis.print());
}
