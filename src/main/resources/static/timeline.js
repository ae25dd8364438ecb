// The regimen timeline's charts (uPlot, from the webjar): one pane per analyte on one shared time axis, each result a
// point, the hold threshold drawn as a dashed red line and written once under its pane, each result beyond it marked
// with a red diamond, cycles shaded, doses, holds, skipped doses, CR/CRi, clinical events and the draft order being
// composed (?planned=YYYY-MM-DD&mg=…, or the SMART launch's appContext) drawn as vertical lines through every pane.
// Their labels are not painted on the canvas, where they ran into each other and into the points: they are elements of
// their own in a lane above the panes, on the same time axis, stacked into as many rows as it takes for no two to
// overlap (each placed in the first row where it fits). Every word comes from the page's data (its language).
// The data comes from the page's JSON block (#timeline-data); the page has no inline script.
(function () {
  const data = JSON.parse(document.getElementById('timeline-data').textContent);
  const root = document.getElementById('charts');
  const words = data.words;
  const fmtDate = (t) => new Date(t * 1000).toISOString().slice(0, 10);
  const width = () => Math.max(320, Math.min(root.clientWidth || 900, 1100));
  const dpr = devicePixelRatio;

  // a result beyond its pane's threshold: a count below it (HEM-1/HEM-2 hold), a liver test above it (HEP-2 hold)
  const beyond = (pane, v) => pane.threshold != null && v != null
    && (pane.side < 0 ? v < pane.threshold : v > pane.threshold);

  function vline(ctx, x, top, h, colour, widthPx, dash) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = widthPx * dpr;
    ctx.setLineDash(dash.map((d) => d * dpr));
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
    ctx.setLineDash([]);
  }

  /** What the canvas draws besides the series: shading, lines and markers only; no text. */
  function overlay(u, pane) {
    const ctx = u.ctx;
    const { left, top, width: w, height: h } = u.bbox;
    const x = (t) => u.valToPos(t, 'x', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, w, h);
    ctx.clip();
    data.cycles.forEach((c, i) => {
      ctx.fillStyle = i % 2 ? 'rgba(80,120,200,0.07)' : 'rgba(80,160,120,0.08)';
      ctx.fillRect(x(c.from), top, x(c.to) - x(c.from), h);
    });
    data.holds.forEach((hd) => {
      ctx.fillStyle = 'rgba(208,112,0,0.10)';
      ctx.fillRect(x(hd.from), top, x(hd.to) - x(hd.from), h);
    });
    if (pane.threshold != null) {
      const y = u.valToPos(pane.threshold, 'y', true);
      ctx.strokeStyle = '#c00';
      ctx.setLineDash([6 * dpr, 4 * dpr]);
      ctx.lineWidth = dpr;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + w, y); ctx.stroke();
      ctx.setLineDash([]);
    }
    data.doses.forEach((d) => vline(ctx, x(d.t), top, h, 'rgba(42,93,176,0.8)', 1.5, []));
    data.skipped.forEach((s) => vline(ctx, x(s.t), top, h, '#888', 1, [2, 3]));
    if (data.remission != null) vline(ctx, x(data.remission), top, h, '#1b8a3a', 2, []);
    data.events.forEach((ev) => {
      const xe = x(ev.t);
      const s = 6 * dpr;
      vline(ctx, xe, top, h, 'rgba(198,40,40,0.5)', 1, [1, 3]);
      ctx.fillStyle = '#c62828';
      ctx.beginPath(); ctx.moveTo(xe - s, top); ctx.lineTo(xe + s, top); ctx.lineTo(xe, top + 1.6 * s); ctx.closePath(); ctx.fill();
    });
    if (data.planned != null) vline(ctx, x(data.planned), top, h, '#8a2be2', 2, [8, 4]);
    ctx.restore();
  }

  /** Each result beyond the threshold marked by an element over the plot (a red diamond), with its date and value. */
  function markBeyond(u, pane) {
    pane.points.forEach(([t, v]) => {
      if (!beyond(pane, v)) return;
      const m = document.createElement('span');
      m.className = 'beyond-marker';
      m.style.left = u.valToPos(t, 'x') + 'px';
      m.style.top = u.valToPos(v, 'y') + 'px';
      m.title = `${fmtDate(t)} ${v.toLocaleString()} ${pane.unit}`;
      u.over.appendChild(m);
    });
  }

  const lane = document.createElement('div');
  lane.className = 'label-lane';
  root.appendChild(lane);

  const plots = [];
  data.panes.forEach((pane) => {
    const box = document.createElement('div');
    box.className = 'pane';
    const title = document.createElement('h3');
    title.textContent = pane.title + (pane.points.length ? '' : ' ' + words['no-results']);
    box.appendChild(title);
    root.appendChild(box);
    const xs = pane.points.map((p) => p[0]);
    const ys = pane.points.map((p) => p[1]);
    const maxY = Math.max(pane.threshold || 0, ...ys, 1) * 1.2;
    const opts = {
      width: width(),
      height: 170,
      cursor: { sync: { key: 'timeline' } },
      scales: { x: { time: true, range: [data.from, data.to] }, y: { range: [0, maxY] } },
      // no legend row: uPlot's would stand empty under each pane until hovered; the threshold and the marks are
      // written under the pane instead
      legend: { show: false },
      series: [
        { label: words.date },
        { label: pane.title, stroke: '#222', width: 1.5, points: { show: true, size: 7, fill: '#222' } },
      ],
      axes: [
        { values: (u, ticks) => ticks.map(fmtDate), space: 110 },
        { label: pane.unit, size: 70 },
      ],
      // the labels are laid out once the first pane is drawn: before, its scale does not yet map dates to pixels
      hooks: { draw: [(u) => overlay(u, pane)], ready: [(u) => markBeyond(u, pane)].concat(plots.length ? [] : [layOutLabels]) },
    };
    plots.push(new uPlot(opts, [xs, ys], box)); // eslint-disable-line no-undef
    if (pane.threshold != null) {
      // the threshold written once, under its pane
      const note = document.createElement('p');
      note.className = 'threshold';
      note.textContent = words['hold-threshold'] + ': ' + pane.thresholdLabel;
      box.appendChild(note);
      const count = pane.points.filter(([, v]) => beyond(pane, v)).length;
      if (count) {
        const key = document.createElement('p');
        key.className = 'beyond-key';
        key.textContent = `${words.beyond} (${count})`;
        box.appendChild(key);
      }
    }
  });

  // the labels, on the first pane's time axis, stacked into rows so that none overlaps another
  function layOutLabels(u) {
    const labels = [];
    data.cycles.forEach((c) => labels.push({ t: c.from, text: c.label, kind: 'cycle' }));
    data.doses.forEach((d) => labels.push({ t: d.t, text: d.label, kind: 'dose' }));
    data.holds.forEach((hd) => labels.push({ t: hd.from, t2: hd.to, text: hd.label, kind: 'late' }));
    data.skipped.forEach((s) => labels.push({ t: s.t, text: '✕ ' + s.label, kind: 'skipped' }));
    if (data.remission != null) labels.push({ t: data.remission, text: data.remissionLabel, kind: 'remission' });
    data.events.forEach((ev) => labels.push({ t: ev.t, text: ev.label, kind: 'event' }));
    if (data.planned != null) labels.push({ t: data.planned, text: data.plannedLabel, kind: 'draft' });
    if (labels.length) {
      const offset = u.over.getBoundingClientRect().left - lane.getBoundingClientRect().left;
      const right = lane.clientWidth;
      const gap = 4;
      const rowHeight = 20;
      labels.forEach((l) => {
        const el = document.createElement('span');
        el.className = 'tl-label kind-' + l.kind;
        el.textContent = l.text;
        lane.appendChild(el);
        l.el = el;
        l.x = offset + u.valToPos(l.t, 'x');
        const span = l.t2 != null ? offset + u.valToPos(l.t2, 'x') - l.x : 0;
        l.w = Math.max(Math.ceil(el.getBoundingClientRect().width), span);
        el.style.width = l.w + 'px';
        if (l.x + l.w > right) {
          // a label that would run off the right edge ends at its line instead, and points to it from its right edge
          l.x = Math.max(0, l.x - l.w);
          el.classList.add('moved');
        }
      });
      labels.sort((a, b) => a.x - b.x);
      const rowEnds = [];
      labels.forEach((l) => {
        let row = rowEnds.findIndex((end) => end + gap <= l.x);
        if (row < 0) { row = rowEnds.length; rowEnds.push(0); }
        rowEnds[row] = l.x + l.w;
        l.el.style.left = l.x + 'px';
        l.el.style.top = row * rowHeight + 'px';
      });
      lane.style.height = rowEnds.length * rowHeight + 'px';
    }
  }

  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.textContent = words.legend;
  root.appendChild(legend);
  if (data.events.length) {
    const list = document.createElement('ul');
    list.className = 'events';
    data.events.forEach((ev) => {
      const li = document.createElement('li');
      li.textContent = ev.label;
      list.appendChild(li);
    });
    root.appendChild(list);
  }
})();
