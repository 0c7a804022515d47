// hvlab's page watch: tells the kernel the page's theme, and makes what ipywidgets cannot say
// itself accessible (hvlab/widgets/accessibility.py): the outcome of a click becomes a live
// region, a diagram <img> is described by its text version. Loaded by anywidget (no build step).

let described = 0;

// Every hvlab outcome box is a polite live region: it stays in the page while its words change,
// so a screen reader reads the new outcome after a click without moving the focus.
function markLiveRegions(root) {
  for (const node of root.querySelectorAll(".hvlab-live:not([aria-live])")) {
    node.setAttribute("role", "status");
    node.setAttribute("aria-live", "polite");
    node.setAttribute("aria-atomic", "true");
  }
}

// A diagram's <img> is named by the diagram's title and described by its text version beside it
// (the layout's describe() text, in the learner's language): both come in the text version's
// HTML (data-title on its <details>), so they change with the picture.
function describePictures(root) {
  for (const img of root.querySelectorAll("img.hvlab-diagram")) {
    const box = img.parentElement;
    const words = box && box.querySelector(".hvlab-diagram-text");
    const text = words && words.querySelector("pre, [role='note']");
    const titled = words && words.querySelector("[data-title]");
    const name = titled ? titled.dataset.title : "";
    if (img.getAttribute("alt") !== name) img.setAttribute("alt", name);
    if (!text) {
      img.removeAttribute("aria-describedby");
      continue;
    }
    if (!text.id) text.id = `hvlab-diagram-text-${++described}`;
    if (img.getAttribute("aria-describedby") !== text.id) img.setAttribute("aria-describedby", text.id);
  }
}

let scheduled = false;
function markPage() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    markLiveRegions(document);
    describePictures(document);
  });
}

function render({ model, el }) {
  el.classList.add("hvlab-page-watch");
  // One watch of the document for all hvlab labs in it (each lab has its own model and view).
  if (!window.__hvlabPageWatch) {
    window.__hvlabPageWatch = new MutationObserver(markPage);
    window.__hvlabPageWatch.observe(document.body, { childList: true, subtree: true });
  }
  markPage();

  function reportTheme() {
    const theme = detectTheme();
    if (model.get("theme") !== theme) {
      model.set("theme", theme);
      model.save_changes();
    }
  }
  const observer = new MutationObserver(reportTheme);
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  const queries = ["(forced-colors: active)", "(prefers-contrast: more)", "(prefers-color-scheme: dark)"].map((q) => matchMedia(q));
  for (const q of queries) q.addEventListener("change", reportTheme);
  reportTheme();
  return () => {
    observer.disconnect();
    for (const q of queries) q.removeEventListener("change", reportTheme);
  };
}

export default { render };
