// hvlab's picture in strips (hvlab/diagrams/tiles.py, hvlab/widgets/picture.py): the model's
// "tiles" lists the picture's strips top to bottom, each {key, rows, png}, where png is sent
// only with a strip the last picture did not have. This keeps the strips' images by key, asks
// the kernel for those it lacks (a view opened later, a page reloaded), and builds the column
// of <img> elements, reusing the decoded image of every strip it already shows. A whole picture
// lists its strips as "parts": a strip the page has only as part of a whole image it shows is cut
// from that image (a box the strip's height, the whole image moved up inside it), so the next
// picture needs only its new strips.
// Put in front of picture.js by picture.py (anywidget loads one module per widget).

function tilePicture(model, className) {
  const urls = new Map();     // key -> Blob URL of a strip's PNG this view has
  const parts = new Map();    // key -> {whole, top, total}: a strip this view has inside a whole picture
  const asked = new Set();    // keys asked of the kernel and not yet received
  const shown = new Map();    // key -> elements of the picture shown: an <img>, or a box cut from a whole (a blank strip repeats)
  let arrived = () => {};

  const onMessage = (content, buffers) => {
    if (!content || !Array.isArray(content.tiles)) return;
    content.tiles.forEach((key, i) => {
      asked.delete(key);
      if (!urls.has(key) && buffers && buffers[i]) urls.set(key, URL.createObjectURL(new Blob([buffers[i]], { type: "image/png" })));
    });
    arrived();
  };
  model.on("msg:custom", onMessage);

  // The strips of the model's picture with their URLs, or null while some are asked for.
  function strips() {
    const tiles = model.get("tiles") || [];
    for (const t of tiles) {
      if (t.png && t.png.byteLength && !urls.has(t.key)) urls.set(t.key, URL.createObjectURL(new Blob([t.png], { type: "image/png" })));
    }
    for (const t of tiles) {
      if (!Array.isArray(t.parts)) continue;
      let top = 0;
      for (const [key, rows] of t.parts) { parts.set(key, { whole: t.key, top, total: t.rows }); top += rows; }
    }
    const inWhole = (key) => parts.has(key) && urls.has(parts.get(key).whole);
    const missing = tiles.filter((t) => !urls.has(t.key) && !inWhole(t.key)).map((t) => t.key);
    if (missing.length) {
      const ask = missing.filter((k) => !asked.has(k));
      ask.forEach((k) => asked.add(k));
      if (ask.length) model.send({ want: ask });
      return null;
    }
    return tiles.map((t) => urls.has(t.key) ? { key: t.key, rows: t.rows, url: urls.get(t.key) }
      : { key: t.key, rows: t.rows, url: urls.get(parts.get(t.key).whole), ...parts.get(t.key) });
  }

  // The elements for `list` (from strips()), decoded (an <img>, or a box with a strip cut from a whole): an element the picture shown has
  // for the same strip is reused (no second decode), a new one is decoded off the page first.
  async function build(list, scale, width, exact) {
    const spare = new Map([...shown].map(([k, els]) => [k, [...els]]));
    const made = [];
    const images = list.map((t) => {
      const reuse = (spare.get(t.key) || []).shift();
      if (reuse) return reuse;
      const image = document.createElement("img");
      image.draggable = false;
      image.alt = "";
      image.setAttribute("aria-hidden", "true");
      image.src = t.url;
      made.push(image);
      if (t.whole === undefined) {
        image.className = className;
        image.dataset.key = t.key;
        return image;
      }
      // A strip inside a whole image this view has: the whole, moved up, in a box of the
      // strip's height (the same URL: the image the page decoded for the whole picture).
      const box = document.createElement("div");
      box.className = `${className} ${className}-part`;
      box.setAttribute("aria-hidden", "true");
      box.dataset.key = t.key;
      box.dataset.whole = t.whole;
      box.dataset.top = String(t.top);
      box.dataset.rows = String(t.rows);
      image.className = `${className}-whole`;
      image.dataset.pixelRatio = String(scale);
      image.style.width = `${width}px`;
      image.style.height = `${t.total / scale}px`;
      image.style.marginTop = `${-t.top / scale}px`;
      box.append(image);
      return box;
    });
    images.forEach((image, i) => {
      image.style.width = `${width}px`;
      image.style.height = `${list[i].rows / scale}px`;
      image.classList.toggle("hvlab-picture-exact", exact);
      image.dataset.pixelRatio = String(scale);
    });
    await Promise.all(made.map((image) => image.decode().catch(() => {})));
    return images;
  }

  // The picture now shown is `images`: forget every strip it does not use.
  function shownNow(images) {
    shown.clear();
    for (const image of images) {
      const key = image.dataset.key;
      if (!shown.has(key)) shown.set(key, []);
      shown.get(key).push(image);
    }
    const keep = new Set((model.get("tiles") || []).map((t) => t.key));
    for (const image of images) if (image.dataset.whole) keep.add(image.dataset.whole);  // a strip cut from it is shown
    for (const key of keep) if (parts.has(key)) keep.add(parts.get(key).whole);  // the next picture's strips are in it
    for (const [key, url] of urls) {
      if (!shown.has(key) && !keep.has(key)) { URL.revokeObjectURL(url); urls.delete(key); }
    }
    for (const [key, part] of parts) if (!urls.has(part.whole)) parts.delete(key);
  }

  return {
    strips, build, shownNow,
    onArrive(fn) { arrived = fn; },
    dispose() {
      model.off("msg:custom", onMessage);
      for (const url of urls.values()) URL.revokeObjectURL(url);
      urls.clear();
    },
  };
}
