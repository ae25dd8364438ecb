// The regimen timeline's charts (uPlot, from the webjar): one pane per analyte on one shared time axis, each result
// with its value on hover, the hold threshold drawn and labelled (with the ULN's origin), cycles shaded, doses as
// labelled markers, holds as brackets from the due date to the date given, skipped doses and CR/CRi marked, clinical
// events (VOD/SOS, HSCT, infusion reactions, graded adverse events) as red triangles, and the order being composed where
// it would fall (?planned=YYYY-MM-DD). Each pane's threshold is also written under it as text, and the events listed, so
// that what the canvas shows can be read (and copied) without it. Every word comes from the page's data (its language).
// The data comes from the page's JSON block (#timeline-data); the page has no inline script.
(function () {
  const data = JSON.parse(document.getElementById('timeline-data').textContent);
  const root = document.getElementById('charts');
  const words = data.words;
  const fmtDate = (t) => new Date(t * 1000).toISOString().slice(0, 10);
  const width = () => Math.max(320, Math.min(root.clientWidth || 900, 1100));

  function overlay(u, paneIndex, pane) {
    const ctx = u.ctx;
    const { left, top, width: w, height: h } = u.bbox;
    const x = (t) => u.valToPos(t, 'x', true);
    ctx.save();
    ctx.textAlign = 'left'; // uPlot leaves the alignment of its last axis label
    ctx.textBaseline = 'alphabetic';
    ctx.beginPath();
    ctx.rect(left, top, w, h);
    ctx.clip();
    // cycles shaded, alternately
    data.cycles.forEach((c, i) => {
      ctx.fillStyle = i % 2 ? 'rgba(80,120,200,0.07)' : 'rgba(80,160,120,0.08)';
      ctx.fillRect(x(c.from), top, x(c.to) - x(c.from), h);
      if (paneIndex === 0) {
        ctx.fillStyle = '#345';
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        ctx.fillText(c.label, x(c.from) + 4, top + 12 * devicePixelRatio);
      }
    });
    // hold threshold
    if (pane.threshold != null) {
      const y = u.valToPos(pane.threshold, 'y', true);
      ctx.strokeStyle = '#c00';
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + w, y); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#c00';
      ctx.font = `${11 * devicePixelRatio}px sans-serif`;
      ctx.fillText(words['hold-threshold'] + ' ' + pane.thresholdLabel, left + 4, y - 4);
    }
    // doses
    data.doses.forEach((d, i) => {
      ctx.strokeStyle = '#2a5db0';
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(x(d.t), top); ctx.lineTo(x(d.t), top + h); ctx.stroke();
      if (paneIndex === 0) {
        ctx.save();
        ctx.translate(x(d.t) + 12 * devicePixelRatio, top + h - 6);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = 'left';
        ctx.fillStyle = '#2a5db0';
        ctx.font = `${10 * devicePixelRatio}px sans-serif`;
        ctx.fillText(d.label, 0, 0);
        ctx.restore();
      }
    });
    // holds: from the due date to the date given
    if (paneIndex === 0) {
      data.holds.forEach((hd) => {
        const y = top + 26 * devicePixelRatio;
        ctx.strokeStyle = '#d07000';
        ctx.lineWidth = 3 * devicePixelRatio;
        ctx.beginPath(); ctx.moveTo(x(hd.from), y); ctx.lineTo(x(hd.to), y); ctx.stroke();
        ctx.fillStyle = '#d07000';
        ctx.font = `${10 * devicePixelRatio}px sans-serif`;
        ctx.fillText(hd.label, x(hd.from), y - 4);
      });
    }
    // skipped doses
    data.skipped.forEach((s) => {
      const xs = x(s.t);
      ctx.strokeStyle = '#888';
      ctx.setLineDash([2, 3]);
      ctx.beginPath(); ctx.moveTo(xs, top); ctx.lineTo(xs, top + h); ctx.stroke();
      ctx.setLineDash([]);
      if (paneIndex === 0) {
        ctx.fillStyle = '#666';
        ctx.font = `${10 * devicePixelRatio}px sans-serif`;
        ctx.fillText('✕ ' + s.label, xs + 3, top + 40 * devicePixelRatio);
      }
    });
    // CR/CRi
    if (data.remission != null) {
      ctx.strokeStyle = '#1b8a3a';
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(x(data.remission), top); ctx.lineTo(x(data.remission), top + h); ctx.stroke();
      if (paneIndex === 0) {
        ctx.fillStyle = '#1b8a3a';
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        ctx.fillText(data.remissionLabel, x(data.remission) + 4, top + 54 * devicePixelRatio);
      }
    }
    // clinical events: a red triangle at the top of every pane, labelled on the first
    data.events.forEach((ev, k) => {
      const xe = x(ev.t);
      const s = 6 * devicePixelRatio;
      ctx.strokeStyle = 'rgba(198,40,40,0.5)';
      ctx.lineWidth = devicePixelRatio;
      ctx.setLineDash([1, 3]);
      ctx.beginPath(); ctx.moveTo(xe, top); ctx.lineTo(xe, top + h); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#c62828';
      ctx.beginPath(); ctx.moveTo(xe - s, top); ctx.lineTo(xe + s, top); ctx.lineTo(xe, top + 1.6 * s); ctx.closePath(); ctx.fill();
      if (paneIndex === 0) {
        ctx.font = `bold ${10 * devicePixelRatio}px sans-serif`;
        ctx.fillText(ev.label, xe + s + 2, top + (96 + 12 * k) * devicePixelRatio);
      }
    });
    // the order being composed, where it would fall
    if (data.planned != null) {
      ctx.strokeStyle = '#8a2be2';
      ctx.setLineDash([8, 4]);
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(x(data.planned), top); ctx.lineTo(x(data.planned), top + h); ctx.stroke();
      ctx.setLineDash([]);
      if (paneIndex === 0) {
        ctx.fillStyle = '#8a2be2';
        ctx.font = `bold ${11 * devicePixelRatio}px sans-serif`;
        ctx.fillText(data.plannedLabel, Math.max(left + 4, x(data.planned) - 200 * devicePixelRatio), top + 68 * devicePixelRatio);
      }
    }
    ctx.restore();
  }

  data.panes.forEach((pane, i) => {
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
      legend: { show: true },
      series: [
        { label: words.date, value: (u, v) => (v == null ? '—' : fmtDate(v)) },
        { label: pane.title, stroke: '#222', width: 1.5, points: { show: true, size: 7, fill: '#222' },
          value: (u, v) => (v == null ? '—' : `${v.toLocaleString()} ${pane.unit}`) },
      ],
      axes: [
        { values: (u, ticks) => ticks.map(fmtDate), space: 110 },
        { label: pane.unit, size: 70 },
      ],
      hooks: { draw: [(u) => overlay(u, i, pane)] },
    };
    new uPlot(opts, [xs, ys], box); // eslint-disable-line no-undef
    if (pane.threshold != null) {
      const note = document.createElement('p');
      note.className = 'threshold';
      note.textContent = words['hold-threshold'] + ': ' + pane.thresholdLabel;
      box.appendChild(note);
    }
  });
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
