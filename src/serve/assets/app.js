/* trawl serve: the little JavaScript the pages use. No framework; the
 * Content-Security-Policy allows no other script. */
'use strict';

function csrfToken() {
  var m = document.querySelector('meta[name="csrf"]');
  return m ? m.getAttribute('content') : '';
}

var SVGNS = 'http://www.w3.org/2000/svg';

/* A PDF page: the boxes of search matches, facts and the cited place,
 * from /api/v1/documents/ID/pages/N, drawn over the page image. */
function drawBoxes(div) {
  var doc = div.getAttribute('data-doc');
  var page = div.getAttribute('data-page');
  var url = '/api/v1/documents/' + encodeURIComponent(doc) + '/pages/' +
    encodeURIComponent(page) + '?q=' + encodeURIComponent(div.getAttribute('data-q') || '') +
    '&c=' + encodeURIComponent(div.getAttribute('data-c') || '') +
    '&quote=' + encodeURIComponent(div.getAttribute('data-quote') || '');
  fetch(url, { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) throw new Error('boxes: ' + r.status);
    return r.json();
  }).then(function (data) {
    var svg = div.querySelector('svg.boxes');
    var first = null;
    svg.setAttribute('viewBox', '0 0 ' + data.width + ' ' + data.height);
    svg.setAttribute('preserveAspectRatio', 'none');
    data.boxes.forEach(function (b) {
      var rect = document.createElementNS(SVGNS, 'rect');
      rect.setAttribute('x', b.x0 - 1);
      rect.setAttribute('y', b.y0 - 1);
      rect.setAttribute('width', Math.max(b.x1 - b.x0 + 2, 2));
      rect.setAttribute('height', Math.max(b.y1 - b.y0 + 2, 2));
      rect.setAttribute('class', 'box ' + b.kind);
      if (b.label) {
        var t = document.createElementNS(SVGNS, 'title');
        t.textContent = b.label;
        rect.appendChild(t);
      }
      svg.appendChild(rect);
      if (b.kind === 'cite' || (b.kind === 'hit' && !first))
        first = { kind: b.kind, y: b.y0 / data.height };
    });
    div.setAttribute('data-boxes', String(data.boxes.length));
    if (first) {
      var img = div.querySelector('img');
      var scroll = function () {
        window.scrollTo(0, div.getBoundingClientRect().top + window.scrollY +
          first.y * img.clientHeight - window.innerHeight / 3);
      };
      if (img.complete) scroll(); else img.addEventListener('load', scroll);
    }
  }).catch(function (e) {
    div.setAttribute('data-boxes', 'error');
    if (window.console) console.warn(e);
  });
}

/* A page image the server could not draw (a damaged or hostile PDF: its
 * renderer crashed or ran out of time): say why, from the server's JSON
 * error, above the page, and open the page's text below it. */
function pageImageFailed(div) {
  var img = div.querySelector('img');
  if (!img) return;
  var shown = false;
  var show = function () {
    if (shown) return;
    shown = true;
    fetch(img.getAttribute('src'), { credentials: 'same-origin' }).then(function (r) {
      return r.json();
    }).then(function (j) { return j && j.error; }, function () { return null; }).then(function (msg) {
      var p = document.createElement('p');
      p.className = 'pageerror';
      p.textContent = 'The image of this page could not be drawn' + (msg ? ': ' + msg : '.') +
        ' Its text is below.';
      div.parentNode.insertBefore(p, div);
      div.setAttribute('data-image', 'error');
      var text = div.parentNode.querySelector('details.pagetext');
      if (text) text.open = true;
    });
  };
  img.addEventListener('error', show);
  if (img.complete && img.naturalWidth === 0) show();
}

/* Adding files: each one POSTed by itself to /api/v1/add, its result
 * listed as it comes back. */
function randomBatch() {
  var a = new Uint8Array(8);
  crypto.getRandomValues(a);
  return Array.prototype.map.call(a, function (x) {
    return ('0' + x.toString(16)).slice(-2);
  }).join('');
}

function collectEntry(entry, prefix, out) {
  return new Promise(function (resolve) {
    if (entry.isFile) {
      entry.file(function (f) { out.push({ file: f, path: prefix + f.name }); resolve(); },
        function () { resolve(); });
    } else if (entry.isDirectory) {
      var reader = entry.createReader();
      var all = [];
      var more = function () {
        reader.readEntries(function (batch) {
          if (!batch.length) {
            Promise.all(all.map(function (e) {
              return collectEntry(e, prefix + entry.name + '/', out);
            })).then(resolve);
            return;
          }
          all = all.concat(Array.prototype.slice.call(batch));
          more();
        }, function () { resolve(); });
      };
      more();
    } else resolve();
  });
}

function uploadAll(items) {
  var results = document.getElementById('results');
  var progress = document.getElementById('progress');
  var status = document.getElementById('status');
  var batch = randomBatch();
  var total = items.reduce(function (s, it) { return s + it.file.size; }, 0) || 1;
  var sent = 0, done = 0, failed = 0;
  progress.max = total;
  progress.value = 0;
  var next = function (i) {
    if (i >= items.length) {
      status.textContent = done + ' file' + (done === 1 ? '' : 's') + ' sent, ' + failed +
        ' failed.';
      status.setAttribute('data-done', '1');
      return;
    }
    var it = items[i];
    status.textContent = 'Adding ' + it.path + ' (' + (i + 1) + ' of ' + items.length + ')';
    fetch('/api/v1/add?batch=' + batch + '&path=' + encodeURIComponent(it.path), {
      method: 'POST', credentials: 'same-origin', body: it.file,
      headers: { 'X-CSRF-Token': csrfToken(), 'Content-Type': 'application/octet-stream' }
    }).then(function (r) {
      return r.json().catch(function () { return { status: 'failed', error: 'HTTP ' + r.status }; });
    }).then(function (res) {
      var li = document.createElement('li');
      var st = res.status || 'failed';
      li.className = 'add-' + st;
      li.textContent = it.path + ': ' + st.replace('_', ' ') +
        (res.error ? ' \u2014 ' + res.error : '') +
        (res.warnings && res.warnings.length ? ' (warning: ' + res.warnings.join('; ') + ')' : '');
      results.appendChild(li);
      if (st === 'failed') failed++;
      done++;
    }).catch(function (e) {
      var li = document.createElement('li');
      li.className = 'add-failed';
      li.textContent = it.path + ': failed \u2014 ' + e;
      results.appendChild(li);
      failed++;
      done++;
    }).then(function () {
      sent += it.file.size;
      progress.value = sent;
      next(i + 1);
    });
  };
  next(0);
}

function setupAdd() {
  var drop = document.getElementById('drop');
  if (!drop) return;
  var fromInput = function (input) {
    input.addEventListener('change', function () {
      var items = Array.prototype.map.call(input.files, function (f) {
        return { file: f, path: f.webkitRelativePath || f.name };
      });
      uploadAll(items);
    });
  };
  fromInput(document.getElementById('files'));
  fromInput(document.getElementById('folder'));
  drop.addEventListener('dragover', function (e) {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) {
    e.preventDefault();
    drop.classList.remove('over');
    var out = [];
    var entries = Array.prototype.map.call(e.dataTransfer.items || [], function (it) {
      return it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
    }).filter(Boolean);
    if (!entries.length) {
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) {
        out.push({ file: f, path: f.name });
      });
      uploadAll(out);
      return;
    }
    Promise.all(entries.map(function (en) { return collectEntry(en, '', out); }))
      .then(function () { uploadAll(out); });
  });
}

/* Search forms: empty fields stay out of the URL. */
function setupForms() {
  Array.prototype.forEach.call(document.querySelectorAll('form[method="get"]'), function (f) {
    f.addEventListener('submit', function () {
      Array.prototype.forEach.call(f.elements, function (el) {
        if (el.name && el.value === '') el.disabled = true;
      });
    });
  });
}

document.addEventListener('DOMContentLoaded', function () {
  var div = document.getElementById('pdfpage');
  if (div) {
    pageImageFailed(div);
    drawBoxes(div);
  }
  setupAdd();
  setupForms();
  var target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && !div) target.scrollIntoView({ block: 'center' });
});
