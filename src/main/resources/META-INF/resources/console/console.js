// Behaviour the console's pages declare with data attributes, so that no page needs a script of its own.
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    navigator.clipboard.writeText(copy.getAttribute("data-copy"));
    copy.textContent = "Copied";
  }
  const print = event.target.closest("[data-print]");
  if (print) {
    window.print();
  }
});
