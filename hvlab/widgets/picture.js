// hvlab's picture: a diagram PNG with hit regions, a selection, a context menu and the keyboard.
// The kernel sends the picture in strips (tiles.js), its CSS size and the regions
// (hvlab/widgets/picture.py); this file
// only shows them and reports what the learner chose. Loaded by anywidget (no build step).

let counter = 0;

function render({ model, el }) {
  const id = `hvlab-picture-${++counter}`;
  el.classList.add("hvlab-picture");
  // The frame holds the picture (hidden from assistive technology: the listbox carries its
  // name and description), the regions over it (the listbox: options only, the one focus stop),
  // the menu and the in-place prompt beside them.
  const frame = document.createElement("div");
  frame.className = "hvlab-picture-frame";
  // The picture: a column of strips, each a <canvas> of its own (tiles.js), hidden from
  // assistive technology (the listbox carries its name and description).
  const strips = document.createElement("div");
  strips.className = "hvlab-picture-strips";
  strips.setAttribute("aria-hidden", "true");
  const tiles = tilePicture(model, "hvlab-picture-tile");
  tiles.onArrive(() => changed("image"));  // strips asked of the kernel came: show the picture
  const desc = document.createElement("div");
  desc.id = `${id}-desc`;
  desc.className = "hvlab-picture-description";
  // Not rendered (hidden): a description referenced by aria-describedby is read all the same
  // (accname: a hidden node the relation names directly counts), and a 50-checkpoint tree's
  // 18 KB text laid out in a 1-pixel box cost the page about 13 ms a click (an in-page A/B,
  // bench/bench_browser.py's clicks: 72 against 59 ms from the picture's arrival to its paint).
  desc.hidden = true;
  const layer = document.createElement("div");
  layer.className = "hvlab-picture-regions";
  layer.tabIndex = 0;
  layer.setAttribute("role", "listbox");
  layer.setAttribute("aria-describedby", desc.id);
  const menu = document.createElement("div");
  menu.className = "hvlab-picture-menu";
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  frame.append(strips, layer, menu);
  el.append(frame, desc);

  let wanted = 0;         // the last picture asked for: an older one decoded late is dropped
  let decoding = false;   // a picture is being decoded
  let regionsDue = true;  // regions received, shown with the picture being decoded
  let nodes = new Map();  // key -> region element
  let order = [];         // keys in the layout's order
  let menuFor = null;

  // A new picture is decoded off the page, then swapped in with its size and its regions in
  // the same frame: the old picture (and its boxes) stays until the new one can be painted.
  // Only the strips the page has not shown are new canvases (tiles.js): the others keep theirs.
  // At one CSS pixel per PNG pixel on the screen the strips are drawn unfiltered
  // (hvlab-picture-exact): the PNG's own pixels, not a smoothed copy.
  function showImage() {
    const ticket = ++wanted;
    decoding = true;
    const list = tiles.strips();
    if (list === null) return;  // some strips asked of the kernel: shown when they come
    if (!list.length) {
      strips.replaceChildren();
      tiles.shownNow([]);
      frame.hidden = true;
      swapped();
      return;
    }
    const [w, h] = model.get("size");
    const scale = model.get("scale");
    const exact = Math.abs(scale - (window.devicePixelRatio || 1)) < 1e-3;
    tiles.build(list, scale, w, exact).then((canvases) => {
      if (ticket !== wanted) { tiles.drop(canvases); return; }  // a newer picture came meanwhile
      frame.hidden = false;
      frame.style.width = `${w}px`;
      frame.style.height = `${h}px`;
      strips.dataset.pixelRatio = String(scale);
      placeStrips(canvases);
      tiles.shownNow(canvases);
      swapped();
      cutWhenIdle(ticket, scale, w, exact);
    });
  }

  // A whole picture whose next one will likely come in strips (tiles.cutList) is cut into its
  // strips while the page is idle: the same pixels, one canvas per strip, so the learner's next
  // click decodes only its new strips and puts in only their canvases (the first click of a
  // 50-checkpoint lab paid for cutting all 57 strips: 132-152 ms against 78-107 for the rest).
  function cutWhenIdle(ticket, scale, w, exact) {
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 100));  // Safari has no requestIdleCallback
    idle(() => {
      if (ticket !== wanted || decoding) return;  // a newer picture came: it is cut (or not) in its turn
      const list = tiles.cutList();
      if (!list) return;
      tiles.build(list, scale, w, exact).then((canvases) => {
        if (ticket !== wanted || decoding) { tiles.drop(canvases); return; }
        placeStrips(canvases);
        tiles.shownNow(canvases);
      });
    }, { timeout: 1000 });
  }

  // The column of strips becomes `canvases` in place: strips gone are removed, new ones inserted
  // where they go, the kept ones stay put (not taken out and put back: the page restyles only
  // what is new, and an observer of the page sees only the new strips arrive).
  function placeStrips(canvases) {
    const keep = new Set(canvases);
    for (const child of [...strips.children]) if (!keep.has(child)) child.remove();
    canvases.forEach((canvas, i) => { if (strips.children[i] !== canvas) strips.insertBefore(canvas, strips.children[i] || null); });
  }

  function swapped() {
    decoding = false;
    if (regionsDue) { regionsDue = false; showRegions(); }
  }

  // One update per message: the kernel sends the PNG, its size and scale, the regions and the
  // text together (Picture.show, hold_sync), and each fires its own change event; a microtask
  // after them handles the lot once.
  const dirty = new Set();
  function changed(part) {
    if (!dirty.size) queueMicrotask(update);
    dirty.add(part);
  }
  function update() {
    const parts = new Set(dirty);
    dirty.clear();
    if (parts.has("text")) showText();
    if (parts.has("regions")) regionsDue = true;
    if (parts.has("image")) showImage();
    else if (regionsDue && !decoding) swapped();  // else with the picture being decoded
    if (parts.has("selected")) showSelection();
  }

  function showText() {
    layer.setAttribute("aria-label", model.get("label"));
    desc.textContent = model.get("description");
  }

  // Regions are updated in place by key: a box that stays keeps its node (and its focus and
  // hover), only what changed is written, a box gone is removed.
  function showRegions() {
    closeMenu(false);
    const fresh = new Map();
    order = [];
    let at = 0;
    for (const r of model.get("regions")) {
      let node = nodes.get(r.key);
      if (!node) {
        node = document.createElement("div");
        node.id = `${id}-${r.key}`;
        node.dataset.key = r.key;
        node.setAttribute("role", "option");
      }
      if (node.dataset.kind !== r.kind) {
        node.className = `hvlab-picture-region hvlab-picture-${r.kind}`;
        node.dataset.kind = r.kind;
      }
      const label = [r.name, ...r.details].join(" — ");
      if (node.getAttribute("aria-label") !== label) {
        node.setAttribute("aria-label", label);
        node.title = [r.name, ...r.details].join("\n");
      }
      const box = { left: `${r.x}px`, top: `${r.y}px`, width: `${r.w}px`, height: `${r.h}px` };
      for (const side in box) if (node.style[side] !== box[side]) node.style[side] = box[side];
      if (layer.children[at] !== node) layer.insertBefore(node, layer.children[at] || null);
      at += 1;
      fresh.set(r.key, node);
      order.push(r.key);
    }
    for (const [key, node] of nodes) if (!fresh.has(key)) node.remove();
    nodes = fresh;
    showSelection();
  }

  function showSelection() {
    const key = model.get("selected");
    for (const [k, node] of nodes) {
      const on = k === key;
      node.classList.toggle("hvlab-selected", on);
      node.setAttribute("aria-selected", on ? "true" : "false");
    }
    if (nodes.has(key)) layer.setAttribute("aria-activedescendant", nodes.get(key).id);
    else layer.removeAttribute("aria-activedescendant");
  }

  function select(key) {
    if (model.get("selected") !== key) {
      model.set("selected", key);
      model.save_changes();
      showSelection();
    }
    const node = nodes.get(key);
    if (node) node.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function kindOf(key) { return nodes.has(key) ? nodes.get(key).dataset.kind : null; }

  // ---------------------------------------------------------------- the menu
  function openMenu(key) {
    if (!nodes.has(key)) return;
    if (kindOf(key) !== "checkpoint") { model.send({ action: "inspect", key }); return; }
    menuFor = key;
    menu.replaceChildren();
    menu.setAttribute("aria-label", model.get("menu_label"));
    const region = model.get("regions").find((r) => r.key === key);
    const offered = region && region.actions;  // fewer items on this box (a Recovery checkpoint)
    for (const item of model.get("menu")) {
      if (offered && !offered.includes(item.action)) continue;
      const entry = document.createElement("div");
      entry.className = "hvlab-picture-menuitem";
      entry.setAttribute("role", "menuitem");
      entry.tabIndex = -1;
      entry.textContent = item.label;
      entry.dataset.action = item.action;
      if (item.title) entry.title = item.title;
      if (item.disabled) entry.setAttribute("aria-disabled", "true");
      entry.addEventListener("click", (event) => { event.stopPropagation(); choose(item); });
      menu.append(entry);
    }
    // Beside the box, at its right edge: never over another checkpoint (the tree's boxes share
    // their right edge), so a next click on the tree lands on a checkpoint, not on the menu.
    const node = nodes.get(key);
    menu.style.left = `${node.offsetLeft + node.offsetWidth + 4}px`;
    menu.style.top = `${node.offsetTop}px`;
    menu.hidden = false;
    const first = menu.querySelector('[role="menuitem"]:not([aria-disabled])');
    if (first) first.focus();
  }

  function closeMenu(refocus = true) {
    if (menu.hidden) return;
    menu.hidden = true;
    menuFor = null;
    if (refocus) layer.focus();
  }

  function choose(item) {
    if (item.disabled || menuFor === null) return;
    const key = menuFor;
    closeMenu(!item.prompt);
    if (item.prompt) { startPrompt(key, item); return; }
    model.send({ action: item.action, key });
  }

  // Rename... and Export...: one line of text asked for in place, over the box.
  function startPrompt(key, item) {
    const node = nodes.get(key);
    const region = model.get("regions").find((r) => r.key === key);
    if (!node || !region) return;
    const input = document.createElement("input");
    input.className = "hvlab-picture-prompt";
    input.value = item.value === null || item.value === undefined ? region.name : item.value;
    input.setAttribute("aria-label", item.prompt);
    input.title = item.prompt;
    Object.assign(input.style, { left: `${region.x}px`, top: `${region.y}px`, width: `${region.w}px`, height: `${region.h}px` });
    frame.append(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (send) => {
      if (done) return;
      done = true;
      if (send && input.value.trim()) model.send({ action: item.action, key, name: input.value });
      input.remove();
      layer.focus();
    };
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") { event.preventDefault(); finish(true); }
      else if (event.key === "Escape") { event.preventDefault(); finish(false); }
    });
    input.addEventListener("blur", () => finish(false));
  }

  // ---------------------------------------------------------------- mouse
  layer.addEventListener("click", (event) => {
    const node = event.target.closest(".hvlab-picture-region");
    if (!node) { closeMenu(false); return; }
    event.stopPropagation();
    layer.focus({ preventScroll: true });
    select(node.dataset.key);
    openMenu(node.dataset.key);
  });
  layer.addEventListener("contextmenu", (event) => {
    const node = event.target.closest(".hvlab-picture-region");
    if (!node) return;
    event.preventDefault();
    layer.focus({ preventScroll: true });
    select(node.dataset.key);
    openMenu(node.dataset.key);
  });
  const outside = (event) => { if (!menu.hidden && !menu.contains(event.target)) closeMenu(false); };
  document.addEventListener("mousedown", outside);

  // ---------------------------------------------------------------- keyboard
  frame.addEventListener("keydown", (event) => {
    if (event.target.classList.contains("hvlab-picture-prompt")) return;
    if (!menu.hidden) {
      const items = Array.from(menu.querySelectorAll('[role="menuitem"]'));
      const at = items.indexOf(document.activeElement);
      if (event.key === "Escape") { closeMenu(); }
      else if (event.key === "ArrowDown") { (items[(at + 1) % items.length] || items[0]).focus(); }
      else if (event.key === "ArrowUp") { (items[(at - 1 + items.length) % items.length] || items[0]).focus(); }
      else if (event.key === "Home") { items[0].focus(); }
      else if (event.key === "End") { items[items.length - 1].focus(); }
      else if (event.key === "Enter" || event.key === " ") {
        const item = model.get("menu").find((m) => m.action === (document.activeElement.dataset || {}).action);
        if (item) choose(item);
      } else if (event.key === "Tab") { closeMenu(); return; }
      else return;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (!order.length) return;
    const at = order.indexOf(model.get("selected"));
    let next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") next = at < 0 ? 0 : Math.min(order.length - 1, at + 1);
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = at < 0 ? 0 : Math.max(0, at - 1);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = order.length - 1;
    else if (event.key === "Enter" || event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      openMenu(at < 0 ? order[0] : order[at]);
      if (at < 0) select(order[0]);
    } else if (event.key === "Escape") { return; }
    else return;
    if (next !== null) select(order[next]);
    event.preventDefault();
    event.stopPropagation();
  });

  // ---------------------------------------------------------------- the page: theme, pixel ratio
  function reportPage() {
    const theme = detectTheme();
    const ratio = window.devicePixelRatio || 1;
    let changed = false;
    if (model.get("theme") !== theme) { model.set("theme", theme); changed = true; }
    if (model.get("pixel_ratio") !== ratio) { model.set("pixel_ratio", ratio); changed = true; }
    if (changed) model.save_changes();
  }
  const observer = new MutationObserver(reportPage);
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  const queries = ["(forced-colors: active)", "(prefers-contrast: more)", "(prefers-color-scheme: dark)",
                   `(resolution: ${window.devicePixelRatio || 1}dppx)`].map((q) => matchMedia(q));
  for (const q of queries) q.addEventListener("change", reportPage);

  const onImage = () => changed("image");
  const onText = () => changed("text");
  const onRegions = () => changed("regions");
  const onSelected = () => changed("selected");
  model.on("change:tiles", onImage);
  model.on("change:size", onImage);
  model.on("change:scale", onImage);
  model.on("change:label", onText);
  model.on("change:description", onText);
  model.on("change:regions", onRegions);
  model.on("change:selected", onSelected);
  frame.hidden = true;  // until the first picture is decoded
  showText();
  showImage();
  reportPage();

  return () => {
    model.off("change:tiles", onImage);
    model.off("change:size", onImage);
    model.off("change:scale", onImage);
    model.off("change:label", onText);
    model.off("change:description", onText);
    model.off("change:regions", onRegions);
    model.off("change:selected", onSelected);
    observer.disconnect();
    for (const q of queries) q.removeEventListener("change", reportPage);
    document.removeEventListener("mousedown", outside);
    tiles.dispose();
  };
}

export default { render };
