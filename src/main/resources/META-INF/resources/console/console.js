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

// Times are written in UTC to the second (tags/when.html); shown in the viewer's own time zone, with UTC on hover.
const localTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
});
function showLocalTimes(root) {
  root.querySelectorAll("time[datetime]").forEach((time) => {
    const moment = new Date(time.getAttribute("datetime"));
    if (!Number.isNaN(moment.getTime()) && !time.title) {
      time.title = time.textContent;
      time.textContent = localTime.format(moment);
    }
  });
}
document.addEventListener("DOMContentLoaded", () => showLocalTimes(document));
document.addEventListener("htmx:afterSwap", (event) => showLocalTimes(event.target));
