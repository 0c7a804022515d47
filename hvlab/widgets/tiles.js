// hvlab's picture in strips (hvlab/diagrams/tiles.py, hvlab/widgets/picture.py): the model's
// "tiles" lists the picture's strips top to bottom, each {key, rows, png}, where png is sent
// only with a strip the last picture did not have. This keeps the strips' PNGs by key, asks
// the kernel for those it lacks (a view opened later, a page reloaded), and builds the column
// of <canvas> elements, reusing the canvas of every strip it already shows. A whole picture
// lists its strips as "parts": a strip the page has only as part of a whole picture is cut from
// that picture's pixels, so the next picture needs only its new strips.
//
// Why a <canvas> and not an <img>: measured in the lab's 10-checkpoint Voila page (the same
// PNGs, 30 swaps each, alternating), createImageBitmap() and a "bitmaprenderer" canvas (the
// decoded pixels handed over, not copied) painted a new picture in p50 15.9 / p95 35.6 ms against
// 31.5 / 44.1 for an <img> from a Blob URL and img.decode(): the decode is quicker (5.6 against
// 9.2 ms) and the page rasters no image tiles of its own. The pixels are the PNG's own: the
// browser tests read them back from each canvas and compare them with the core's picture.
// Put in front of picture.js by picture.py (anywidget loads one module per widget).

function tilePicture(model, className) {
  const blobs = new Map();    // key -> Blob of a strip's PNG this view has
  const parts = new Map();    // key -> {whole, top, total}: a strip this view has inside a whole picture
  const wholes = new Map();   // key of a whole picture -> the canvas showing it (shown, or kept to cut its strips from)
  const asked = new Set();    // keys asked of the kernel and not yet received
  const shown = new Map();    // key -> canvases of the picture shown (a blank strip repeats)
  let arrived = () => {};

  const onMessage = (content, buffers) => {
    if (!content || !Array.isArray(content.tiles)) return;
    content.tiles.forEach((key, i) => {
      asked.delete(key);
      if (!blobs.has(key) && buffers && buffers[i]) blobs.set(key, new Blob([buffers[i]], { type: "image/png" }));
    });
    arrived();
  };
  model.on("msg:custom", onMessage);

  // The strips of the model's picture, or null while some are asked for.
  function strips() {
    const tiles = model.get("tiles") || [];
    for (const t of tiles) {
      if (t.png && t.png.byteLength && !blobs.has(t.key)) blobs.set(t.key, new Blob([t.png], { type: "image/png" }));
    }
    for (const t of tiles) {
      if (!Array.isArray(t.parts)) continue;
      let top = 0;
      for (const [key, rows] of t.parts) { parts.set(key, { whole: t.key, top, total: t.rows }); top += rows; }
    }
    const inWhole = (key) => parts.has(key) && (blobs.has(parts.get(key).whole) || wholes.has(parts.get(key).whole));
    const missing = tiles.filter((t) => !blobs.has(t.key) && !inWhole(t.key)).map((t) => t.key);
    if (missing.length) {
      const ask = missing.filter((k) => !asked.has(k));
      ask.forEach((k) => asked.add(k));
      if (ask.length) model.send({ want: ask });
      return null;
    }
    return tiles.map((t) => blobs.has(t.key) ? { key: t.key, rows: t.rows } : { key: t.key, rows: t.rows, ...parts.get(t.key) });
  }

  // The strips of the model's picture when it is one whole picture that asks to be cut
  // (picture.py's "cut": the next picture will likely come in strips), each cut from the whole;
  // else null. Built while the page is idle (picture.js), the next picture then finds a canvas
  // for every strip it keeps, as after any picture sent in strips.
  function cutList() {
    const tiles = model.get("tiles") || [];
    if (tiles.length !== 1 || !tiles[0].cut || !Array.isArray(tiles[0].parts) || tiles[0].parts.length < 2) return null;
    if (!wholes.has(tiles[0].key) || !shown.has(tiles[0].key)) return null;  // not shown whole now
    return tiles[0].parts.map(([key, rows]) => ({ key, rows, ...parts.get(key) }));  // where strips() put them
  }

  // The decoded pixels of strip `t`: its own PNG, or its rows of the whole picture it is part
  // of (cut from the canvas showing that picture, else from the whole PNG decoded once: `decoded`).
  function pixels(t, decoded) {
    if (t.whole === undefined) return createImageBitmap(blobs.get(t.key));
    const source = wholes.get(t.whole);
    if (!source) {
      if (!decoded.has(t.whole)) decoded.set(t.whole, createImageBitmap(blobs.get(t.whole)));
      return decoded.get(t.whole).then((whole) => createImageBitmap(whole, 0, t.top, whole.width, t.rows));
    }
    return createImageBitmap(source, 0, t.top, source.width, t.rows);
  }

  // The canvases for `list` (from strips()), each holding its strip's pixels: a canvas the
  // picture shown has for the same strip is reused (no second decode), a new one gets its
  // strip's pixels decoded off the page before it is returned.
  async function build(list, scale, width, exact) {
    const spare = new Map([...shown].map(([k, els]) => [k, [...els]]));
    const decoded = new Map();
    const made = [];
    const canvases = list.map((t) => {
      const reuse = (spare.get(t.key) || []).shift();
      if (reuse) return reuse;
      const canvas = document.createElement("canvas");
      canvas.setAttribute("aria-hidden", "true");
      canvas.dataset.key = t.key;
      canvas.className = className;
      if (t.whole !== undefined) {  // a strip cut from a whole picture this view has
        canvas.classList.add(`${className}-part`);
        Object.assign(canvas.dataset, { whole: t.whole, top: String(t.top), rows: String(t.rows) });
      }
      made.push([canvas, pixels(t, decoded).catch(() => null), t]);
      return canvas;
    });
    canvases.forEach((canvas, i) => {
      canvas.style.width = `${width}px`;
      canvas.style.height = `${list[i].rows / scale}px`;
      canvas.classList.toggle("hvlab-picture-exact", exact);
      canvas.dataset.pixelRatio = String(scale);
    });
    for (const [canvas, bitmap, t] of made) show(canvas, await bitmap, Math.round(width * scale), t.rows);
    for (const whole of decoded.values()) whole.then((b) => b.close(), () => {});
    return canvases;
  }

  // `canvas` shows `bitmap` (handed over, not copied); a strip that could not be decoded stays
  // blank at its size.
  function show(canvas, bitmap, width, rows) {
    canvas.width = bitmap ? bitmap.width : width;
    canvas.height = bitmap ? bitmap.height : rows;
    if (!bitmap) return;
    const renderer = canvas.getContext("bitmaprenderer");
    if (renderer) renderer.transferFromImageBitmap(bitmap);
    else { canvas.getContext("2d").drawImage(bitmap, 0, 0); bitmap.close(); }  // a browser without it
  }

  // The picture now shown is `canvases`: forget every strip it does not use, and free the pixels
  // of every canvas no longer shown or kept to cut strips from.
  function shownNow(canvases) {
    const now = new Set(canvases);
    const before = [...shown.values()].flat().filter((canvas) => !now.has(canvas));
    shown.clear();
    for (const canvas of canvases) {
      const key = canvas.dataset.key;
      if (!shown.has(key)) shown.set(key, []);
      shown.get(key).push(canvas);
    }
    const keep = new Set((model.get("tiles") || []).map((t) => t.key));
    for (const canvas of canvases) if (canvas.dataset.whole) keep.add(canvas.dataset.whole);  // a strip cut from it is shown
    for (const key of keep) if (parts.has(key)) keep.add(parts.get(key).whole);  // the next picture's strips are in it
    for (const key of [...blobs.keys()]) if (!shown.has(key) && !keep.has(key)) blobs.delete(key);
    for (const [key, parted] of parts) if (!keep.has(parted.whole)) parts.delete(key);
    const wholeKeys = new Set([...parts.values()].map((p) => p.whole));
    for (const [key, canvas] of [...wholes]) {
      if (!wholeKeys.has(key)) { wholes.delete(key); if (!now.has(canvas)) release(canvas); }
    }
    for (const canvas of canvases) if (wholeKeys.has(canvas.dataset.key)) wholes.set(canvas.dataset.key, canvas);
    const held = new Set(wholes.values());
    for (const canvas of before) if (!held.has(canvas)) release(canvas);
  }

  function release(canvas) {
    const renderer = canvas.getContext("bitmaprenderer");
    if (renderer) renderer.transferFromImageBitmap(null);
    canvas.width = 0;
    canvas.height = 0;
  }

  // Canvases built and then not shown (a newer picture came first): their pixels are freed.
  function drop(canvases) {
    const kept = new Set([...[...shown.values()].flat(), ...wholes.values()]);
    for (const canvas of canvases) if (!kept.has(canvas)) release(canvas);
  }

  return {
    strips, build, shownNow, cutList, drop,
    onArrive(fn) { arrived = fn; },
    dispose() {
      model.off("msg:custom", onMessage);
      for (const canvas of new Set([...[...shown.values()].flat(), ...wholes.values()])) release(canvas);
      blobs.clear();
      wholes.clear();
    },
  };
}
