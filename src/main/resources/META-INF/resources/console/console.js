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

// A form that takes seconds (data-busy: a rule check) says so once sent, and is not sent twice by a second click.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-busy]");
  if (!form) {
    return;
  }
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "yes";
  form.setAttribute("aria-busy", "true");
  const status = document.createElement("p");
  status.className = "notice busy";
  status.setAttribute("role", "status");
  status.textContent = form.dataset.busy;
  form.querySelector("button[type=submit]")?.after(status);
});

// A form that cannot be undone (data-confirm: removing an account, withdrawing a proposal) asks first.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
