// The page's theme as hvlab's pictures are drawn for it: "light", "dark" or "high-contrast".
// Shared by picture.js and accessibility.js: the Python side puts this file in front of each
// (anywidget loads one module per widget, with no bundler to import a common file).
function detectTheme() {
  const body = document.body;
  const name = (body.dataset.jpThemeName || "").toLowerCase();
  if (matchMedia("(forced-colors: active)").matches || matchMedia("(prefers-contrast: more)").matches ||
      name.includes("high contrast") || name.includes("high-contrast")) return "high-contrast";
  if (body.dataset.jpThemeLight === "false") return "dark";
  if (body.dataset.jpThemeLight === "true") return "light";
  if (body.classList.contains("theme-dark")) return "dark";  // Voila's classic template
  if (body.classList.contains("theme-light")) return "light";
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}
