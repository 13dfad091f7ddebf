/* Browser tests of the tracuu web app: playwright-core drives Debian's
 * chromium (headless) against a running `tracuu serve`.
 *
 *   node test.js BASE_URL SCREENSHOT_DIR
 *
 * The index behind BASE_URL holds corpus/ (the five sample reports) and
 * xss.txt (a document containing <script>, written by run.sh). Expectations
 * are read from those files (README gives several: SOC is in one Hà Tĩnh
 * report; BTS by province is Hà Tĩnh 2/3, Cao Bằng 1/5, Quảng Ninh 1/5;
 * 45/2016/QĐ-TTg is cited three times, by 23/BC-STTTT of Hà Tĩnh and twice by
 * 298/BC-STTTT-VP of Trà Vinh).
 *
 * Every page is watched for console errors, uncaught exceptions, CSP
 * violations and dialogs; any of them fails the test that opened the page.
 * Prints "browser: N passed, M failed" and exits non-zero on a failure. */
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const BASE = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = process.argv[3] || path.join(__dirname, '../../build/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ONLY = process.env.ONLY || '';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

class Fail extends Error {}

function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Fail(what + ': expected ' + e + ', got ' + a);
}

function ok(cond, what) {
  if (!cond) throw new Fail(what);
}

/* One page for every test (a new renderer costs seconds on a busy machine),
 * with its problems recorded: console errors, page errors, CSP violations
 * (reported by the page itself through an init script, which the CSP does
 * not govern), dialogs (dismissed). Each test starts with no problems and a
 * desktop viewport. */
async function makePage(ctx) {
  const page = await ctx.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push('console error: ' + m.text());
  });
  page.on('pageerror', (e) => page.problems.push('page error: ' + e.message));
  page.on('dialog', async (d) => {
    page.problems.push('dialog opened: ' + d.type() + ' ' + d.message());
    await d.dismiss();
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });
  return page;
}

/* Accessibility basics of the page shown: one h1, every form control with a
 * label, every link and button with a name, every chart with a text. */
async function a11y(page) {
  const bad = await page.evaluate(() => {
    const out = [];
    const name = (e) => (e.getAttribute('aria-label') || e.textContent || '').trim();
    if (document.querySelectorAll('h1').length !== 1) out.push(document.querySelectorAll('h1').length + ' h1');
    for (const c of document.querySelectorAll('input, select, textarea')) {
      if (!(c.labels && c.labels.length) && !c.getAttribute('aria-label')) out.push('unlabelled ' + c.outerHTML.slice(0, 60));
    }
    for (const a of document.querySelectorAll('a, button')) {
      if (!name(a)) out.push('nameless ' + a.outerHTML.slice(0, 60));
    }
    for (const svg of document.querySelectorAll('svg[role=img]')) {
      if (!svg.getAttribute('aria-label')) out.push('chart without a label');
    }
    return out;
  });
  if (bad.length) page.problems.push('accessibility: ' + bad.join('; '));
}

async function checkClean(page) {
  await a11y(page);
  const csp = await page.evaluate(() => window.__csp || []).catch(() => []);
  for (const c of csp) page.problems.push('CSP violation: ' + c);
  if (page.problems.length) throw new Fail(page.problems.join('; '));
}

/* Full page, except long documents: their first screen. */
async function shot(page, name, viewportOnly) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: !viewportOnly });
}

/* Waits until the page has loaded what it asked the API for. */
async function settled(page) {
  await page.waitForFunction(() => document.documentElement.dataset.pending === '0' &&
    !document.querySelector('[aria-busy="true"]'));
}

async function texts(page, sel) {
  return page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));
}

async function facetRows(page, by) {
  return page.$$eval('[data-facet="' + by + '"] .facet-list a', (els) =>
    els.map((a) => [a.querySelector('.fv').textContent, Number(a.querySelector('.fd').textContent), Number(a.querySelector('.fp').textContent)]));
}

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

/* ---- the tests ----------------------------------------------------------- */

test('start page: Vietnamese, the four questions', async (page) => {
  await page.goto(BASE + '/');
  await settled(page);
  eq(await page.getAttribute('html', 'lang'), 'vi', 'html lang');
  const qs = await texts(page, '.questions .question');
  eq(qs, ['Tỉnh nào nhắc đến SOC?', 'Ai trích dẫn Quyết định 45/2016/QĐ-TTg, khi nào?',
    'Số trạm BTS mỗi tỉnh báo cáo theo năm', 'Xuất ra Excel'], 'questions');
  ok((await page.getAttribute('#q', 'placeholder')).includes('province:"Hà Tĩnh"'), 'placeholder has an example');
  await page.click('details.help summary');
  ok(await page.isVisible('table.syntax'), 'help panel opens');
  ok((await texts(page, 'table.syntax code')).includes('cites:45/2016/QĐ-TTg'), 'help lists cites:');
  await shot(page, 'start-desktop');
  await checkClean(page);
});

test('type a query: SOC finds the one Hà Tĩnh report, match highlighted', async (page) => {
  await page.goto(BASE + '/');
  await settled(page);
  await page.fill('#q', 'SOC');
  await page.press('#q', 'Enter');
  await page.waitForURL(/[?&]q=SOC/);
  await settled(page);
  eq(await page.textContent('.summary strong'), '1 văn bản khớp', 'count line');
  eq(await page.$$eval('.hit', (l) => l.length), 1, 'hits');
  eq(await page.textContent('.hit .m-province'), 'Hà Tĩnh', 'province of the hit');
  eq(await page.textContent('.hit .m-date'), '2024-07', 'date of the hit');
  eq(await page.textContent('.hit .m-type'), 'Báo cáo', 'type of the hit');
  eq(await texts(page, '.hit .snippet mark'), ['SoC'], 'highlighted word');
  eq(await facetRows(page, 'province'), [['Hà Tĩnh', 1, 4]], 'province facet of SOC (README)');
  await shot(page, 'search-soc-desktop');
  await checkClean(page);
});

test('facets: BTS by province, click Hà Tĩnh filters, chip removes the filter', async (page) => {
  await page.goto(BASE + '/?q=BTS');
  await settled(page);
  eq(await facetRows(page, 'province'), [['Hà Tĩnh', 2, 3], ['Cao Bằng', 1, 5], ['Quảng Ninh', 1, 5]], 'province facet');
  eq(await facetRows(page, 'year'), [['2015', 2, 10], ['2018', 1, 1], ['2024', 1, 2]], 'year facet');
  eq(await page.$$eval('.hit', (l) => l.length), 4, 'hits before filter');
  await shot(page, 'search-bts-desktop');
  await page.click('[data-facet="province"] .facet-list a:has-text("Hà Tĩnh")');
  await page.waitForURL(/province/);
  await settled(page);
  eq(new URL(page.url()).searchParams.get('q'), 'BTS province:"Hà Tĩnh"', 'filter added to the query in the URL');
  eq(await page.textContent('.summary strong'), '2 văn bản khớp', 'filtered count');
  eq(await texts(page, '.hit .m-province'), ['Hà Tĩnh', 'Hà Tĩnh'], 'filtered hits');
  eq(await page.getAttribute('[data-facet="province"] .facet-list a', 'aria-current'), 'true', 'active facet marked');
  ok((await page.textContent('.chip')).includes('Tỉnh: Hà Tĩnh'), 'active filter chip');
  await shot(page, 'search-bts-hatinh-desktop');
  await page.click('.chip a');
  await page.waitForURL((u) => !u.search.includes('province'));
  await settled(page);
  eq(await page.$$eval('.hit', (l) => l.length), 4, 'hits after removing the filter');
  /* back and forward keep the views */
  await page.goBack();
  await settled(page);
  eq(await page.textContent('.summary strong'), '2 văn bản khớp', 'back: filtered again');
  await page.goForward();
  await settled(page);
  eq(await page.textContent('.summary strong'), '4 văn bản khớp', 'forward: unfiltered');
  await checkClean(page);
});

test('document: header fields, highlighted matches, passages link into the text', async (page) => {
  await page.goto(BASE + '/?q=SOC');
  await settled(page);
  /* by keyboard: the hit's link, Enter */
  await page.focus('.hit-title a');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/doc\/\d+\?q=SOC/);
  await settled(page);
  eq(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus on the document heading');
  ok((await page.textContent('h1')).startsWith('Tình hình phát triển kinh tế - xã hội năm 2024'), 'title');
  const dl = await page.$$eval('.fields dt, .fields dd', (els) => els.map((e) => e.textContent));
  const fieldOf = (k) => dl[dl.indexOf(k) + 1];
  eq(fieldOf('Tỉnh'), 'Hà Tĩnh', 'province field');
  eq(fieldOf('Người ký'), 'GIÁM ĐỐC Đậu Tùng Lâm', 'signer field');
  eq(fieldOf('Loại'), 'Báo cáo', 'type field');
  /* report 001 writes it four times: (SoC) lines 33 and 189, (SOC) lines 49 and 53 */
  eq(await texts(page, '.doctext mark.match'), ['SoC', 'SOC', 'SOC', 'SoC'], 'matches in the text');
  eq(await texts(page, '.passages li'), [
    'Hệ thống giám sát và điều hành An toàn an ninh mạng (SoC);',
    'Tham mưu Ban Cán sự Đảng UBND tỉnh xin ý kiến chủ trương triển khai Trung tâm điều hành, giám sát an toàn, an ninh mạng (SOC) trên địa bàn tỉnh Hà Tĩnh giai đoạn 2024-2025.',
    'Triển khai Trung tâm điều hành, giám sát an toàn, an ninh mạng (SOC).',
    'Vận hành, quản trị chuyên mục An toàn thông tin mạng trên Cổng thông tin điện tử tỉnh và Trung tâm điều hành, giám sát an toàn, an ninh mạng (SoC) tỉnh.'], 'passages: the sentences');
  eq(await texts(page, '.passages li mark'), ['SoC', 'SOC', 'SOC', 'SoC'], 'matches marked in the passages');
  ok(await page.$eval('a.button[href$="/original"]', (a) => /^\/doc\/\d+\/original$/.test(a.getAttribute('href'))), 'link to the original');
  ok((await page.$$('.doctext a.ent-citation')).length >= 10, 'citations marked as links');
  ok((await page.$$('.doctext a.ent-agency')).length >= 10, 'agencies marked as links');
  ok((await page.$$('.doctext .ent-figure[title]')).length >= 5, 'figures with a title');
  /* "3250 trạm BTS" (report 001, Lĩnh vực viễn thông): value and unit on hover */
  const titles = await page.$$eval('.doctext .ent-figure', (l) => l.map((e) => e.getAttribute('title')));
  ok(titles.some((x) => /^3[.,]?250 trạm/.test(x)), 'figure 3250 trạm titled with value and unit: ' + titles.slice(0, 8).join(' | '));
  await shot(page, 'doc-desktop', true);
  await page.click('.passages li:nth-child(3) a');
  await page.waitForFunction(() => window.location.hash === '#m-3');
  ok(await page.$eval('#m-3', (m) => m.getBoundingClientRect().top < window.innerHeight && m.getBoundingClientRect().bottom > 0), 'passage link scrolls to its match');
  eq(await page.$$eval('.doctext mark.match', (l) => l.length), 4, 'page kept after the jump');
  await page.setViewportSize(PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'doc-phone', true);
  await checkClean(page);
});

test('citation link: from a document to the cite page of 45/2016/QĐ-TTg', async (page) => {
  await page.goto(BASE + '/?q=' + encodeURIComponent('cites:45/2016/QĐ-TTg province:"Hà Tĩnh"'));
  await settled(page);
  eq(await texts(page, '.hit .m-number'), ['23/BC-STTTT'], 'the Hà Tĩnh report citing it');
  await page.click('.hit-title a');
  await settled(page);
  eq(decodeURIComponent(await page.getAttribute('.actions a[data-nav]', 'href')), '/cite?ref=23/BC-STTTT', 'link: who cites this document');
  await page.click('.doctext a.ent-citation:has-text("45/2016/QĐ-TTg")');
  await page.waitForURL(/\/cite\?ref=/);
  await settled(page);
  eq(new URL(page.url()).searchParams.get('ref'), '45/2016/QĐ-TTg', 'ref in the URL');
  eq(await page.textContent('.summary strong'), '3 lần trích dẫn 45/2016/QĐ-TTg', 'count');
  const rows = await page.$$eval('.cite-list > li.cite-row:not(.probable)', (l) => l.map((li) =>
    [li.querySelector('.m-date').textContent, li.querySelector('.m-province').textContent, li.querySelector('a').textContent]));
  eq(rows, [['2018-03-23', 'Hà Tĩnh', '23/BC-STTTT'], ['2019-03-14', 'Trà Vinh', '298/BC-STTTT-VP'], ['2019-03-14', 'Trà Vinh', '298/BC-STTTT-VP']], 'citing rows');
  eq(await page.textContent('.cite-row mark'), 'Quyết định số 45/2016/QĐ-TTg', 'citation marked in its sentence');
  ok((await page.textContent('.cite-row blockquote')).includes('Chuẩn bị kết nối mạng thông tin'), 'the sentence');
  eq(await page.$$eval('.graph-svg .node', (l) => l.length), 3, 'graph nodes');
  eq(await page.$$eval('.graph-svg line.edge', (l) => l.length), 2, 'graph edges');
  await shot(page, 'cite-desktop');
  await page.click('.graph-svg .node:has-text("23/BC-STTTT")');
  await page.waitForURL(/ref=23/);
  eq(new URL(page.url()).searchParams.get('ref'), '23/BC-STTTT', 'graph node opens its cite page');
  await settled(page);
  await checkClean(page);
});

test('probable references stand apart with their reason', async (page) => {
  await page.goto(BASE + '/cite?ref=36-NQ%2FTW');
  await settled(page);
  eq(await page.$$eval('.cite-list > li.cite-row:not(.probable)', (l) => l.length), 4, 'sure citations of 36-NQ/TW');
  eq(await page.$$eval('.probable-box li.probable', (l) => l.length), 3, 'probable ones, in their own box');
  ok((await page.textContent('.probable-box .reason')).includes('cùng số và loại; không ghi cơ quan ban hành'), 'reason shown (README: same number and type; issuer not written)');
  await shot(page, 'cite-probable-desktop');
  /* the most cited, and a short key ("NQ 36") opening its page */
  await page.goto(BASE + '/cite');
  await settled(page);
  eq((await texts(page, 'table.data tbody td:first-child')).slice(0, 2), ['36-NQ/TW', '45/2016/QĐ-TTg'], 'most cited first');
  await page.click('table.data a:text-is("NQ 36")');
  await page.waitForURL(/ref=/);
  await settled(page);
  eq(new URL(page.url()).searchParams.get('ref'), 'Nghị quyết 36', 'a short key asked with its type word');
  eq(await page.$$eval('.cite-list > li.cite-row:not(.probable) .m-province', (l) => l.map((e) => e.textContent)),
    ['Cao Bằng', 'Cao Bằng', 'Cao Bằng'], 'Nghị quyết 36 written three times in the Cao Bằng report');
  await checkClean(page);
});

test('download CSV of a search: BOM, header, every hit', async (page) => {
  await page.goto(BASE + '/?q=BTS');
  await settled(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.results a.dl-csv')]);
  const file = await dl.path();
  const buf = fs.readFileSync(file);
  eq([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = buf.toString('utf8').slice(1).split(/\r\n/).filter(Boolean);
  ok(lines[0].startsWith('rank,score,id,path,province'), 'header row: ' + lines[0]);
  eq(lines.length - 1, 4, 'data rows (4 documents mention BTS)');
  ok(lines.some((l) => l.includes('Cao Bằng')), 'a known value (Cao Bằng)');
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('[data-facet="province"] .downloads a:has-text("CSV")')]);
  const facet = fs.readFileSync(await dl2.path(), 'utf8').replace(/^\ufeff/, '').split(/\r\n/).filter(Boolean);
  eq(facet, ['value,docs,passages', 'Hà Tĩnh,2,3', 'Cao Bằng,1,5', 'Quảng Ninh,1,5'], 'facet CSV');
  await checkClean(page);
});

test('figures: trạm BTS as a province × year table with units, and charts', async (page) => {
  await page.goto(BASE + '/figures?what=' + encodeURIComponent('trạm BTS') + '&by=province');
  await settled(page);
  eq(await texts(page, 'table.pivot thead th'), ['Tỉnh', 'Đo', 'Đơn vị', '2015', '2018', '2024'], 'columns');
  const rows = await page.$$eval('table.pivot tbody tr', (l) => l.map((tr) => [...tr.children].map((c) => c.textContent)));
  eq(rows, [
    ['Cao Bằng', 'tổng số', 'vị trí', '775', '–', '–'],
    ['Hà Tĩnh', 'tổng số', 'trạm', '–', '–', '3250'],
    ['Hà Tĩnh', 'trong kỳ', 'trạm', '–', '5', '–'],
    ['Quảng Ninh', 'trong kỳ', 'vị trí', '279', '–', '–'],
    ['Quảng Ninh', 'so với cùng kỳ', 'vị trí', '+253', '–', '–']], 'pivot (README)');
  eq(await page.$$eval('.multiples svg', (l) => l.length), 5, 'one chart per row');
  await shot(page, 'figures-desktop');
  await page.setViewportSize(PHONE);
  await shot(page, 'figures-phone');
  await checkClean(page);
});

test('trend: "an toàn thông tin" per year, chart and table', async (page) => {
  await page.goto(BASE + '/trend?q=' + encodeURIComponent('"an toàn thông tin"') + '&by=year');
  await settled(page);
  const rows = await page.$$eval('table.data tbody tr', (l) => l.map((tr) => [...tr.children].map((c) => c.textContent)));
  eq(rows, [['2015', '2', '8'], ['2018', '1', '4'], ['2019', '1', '3'], ['2024', '1', '22']], 'trend rows (README)');
  eq(await page.$$eval('.trend-cols rect', (l) => l.length), 2 + 8, 'legend + two columns per year');
  eq(await page.$$eval('.trend-cols text', (l) => l.map((e) => e.textContent)).then((x) => x.slice(2)),
    ['2', '8', '2015', '1', '4', '2018', '1', '3', '2019', '1', '22', '2024'], 'column labels');
  await shot(page, 'trend-desktop');
  /* by province: bars, and a row opens the filtered search */
  await page.selectOption('#tby', 'province');
  await page.waitForURL(/by=province/);
  await settled(page);
  const prov = await page.$$eval('table.data tbody tr', (l) => l.map((tr) => [...tr.children].map((c) => c.textContent)));
  /* the years above by report: Hà Tĩnh 2018 + 2024 = 4 + 22, Cao Bằng and Quảng Ninh share 2015's 8 */
  eq(prov.sort(), [['Cao Bằng', '1', '2'], ['Hà Tĩnh', '2', '26'], ['Quảng Ninh', '1', '6'], ['Trà Vinh', '1', '3']], 'provinces writing the phrase');
  eq(await page.$$eval('.trend-svg', (l) => l.length), 1, 'bar chart by province');
  await shot(page, 'trend-province-desktop');
  await checkClean(page);
});

test('index page: documents, formats, warnings', async (page) => {
  await page.goto(BASE + '/index');
  await settled(page);
  const dl = await page.$$eval('.stats dt, .stats dd', (els) => els.map((e) => e.textContent));
  eq(dl[dl.indexOf('Văn bản') + 1], '6', 'documents (5 reports + xss.txt)');
  ok(await page.isVisible('table.data'), 'formats table');
  await shot(page, 'index-desktop');
  await checkClean(page);
});

test('language switch: English UI, remembered after a reload', async (page) => {
  await page.goto(BASE + '/?q=BTS');
  await settled(page);
  await page.click('#lang');
  await settled(page);
  eq(await page.getAttribute('html', 'lang'), 'en', 'html lang');
  eq(await texts(page, '.nav a'), ['Search', 'Citations', 'Figures', 'Trend', 'Index'], 'navigation');
  eq(await page.textContent('.summary strong'), '4 documents match', 'count line');
  eq(await page.textContent('[data-facet="province"] h3'), 'Province', 'facet heading');
  await page.reload();
  await settled(page);
  eq(await page.textContent('.qlabel'), 'Search the documents', 'English after a reload');
  await shot(page, 'search-bts-english');
  await page.click('#lang');
  await settled(page);
  eq(await page.textContent('.qlabel'), 'Tìm trong các văn bản', 'back to Vietnamese');
  await checkClean(page);
});

test('a document containing <script> shows as text, no dialog', async (page) => {
  await page.goto(BASE + '/?q=xsskiemtra');
  await settled(page);
  eq(await page.$$eval('.hit', (l) => l.length), 1, 'the xss document is found');
  await page.click('.hit-title a');
  await settled(page);
  const text = await page.textContent('.doctext');
  ok(text.includes('<script>alert("xss")</script>'), 'script tag shown as text');
  ok(text.includes('<img src=x onerror=alert(2)>'), 'img tag shown as text');
  eq(await page.$$eval('main script, main img', (l) => l.length), 0, 'no element made from document text');
  await page.waitForTimeout(200);
  await shot(page, 'doc-xss');
  await checkClean(page);
});

test('an error from the API is shown politely', async (page) => {
  await page.goto(BASE + '/?q=' + encodeURIComponent('year:abc'));
  await settled(page);
  ok(await page.isVisible('.results .error[role=alert]'), 'error box');
  eq(await page.$$eval('.error', (l) => l.length), 1, 'the error shown once (no facets for a query not understood)');
  ok((await page.textContent('.results .error')).includes('year'), 'the server message is shown: ' + (await page.textContent('.results .error')));
  await shot(page, 'search-error');
  await page.goto(BASE + '/doc/99999');
  await settled(page);
  eq(await page.textContent('.error'), 'Không thực hiện được yêu cầu: no document with that id', 'unknown document');
  await page.goto(BASE + '/cite?ref=xyz');
  await settled(page);
  eq(await page.$$eval('.error', (l) => l.length), 1, 'one error for a reference that is not one');
  eq(await page.$$eval('.graph', (l) => l.length), 0, 'no graph for it');
  await page.goto(BASE + '/no/such/page');
  await settled(page);
  eq(await page.textContent('h1'), 'Không có trang này.', 'unknown page');
  /* chromium reports a failed fetch (400) as a console error: expected here */
  page.problems = page.problems.filter((p) => !/status of 40[04]/.test(p));
  await checkClean(page);
});

test('phone: search results readable in one column', async (page) => {
  await page.setViewportSize(PHONE);
  await page.goto(BASE + '/?q=BTS');
  await settled(page);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(w <= PHONE.width, 'no horizontal scrolling (' + w + 'px)');
  await shot(page, 'search-bts-phone');
  /* a page past the end (an old bookmark) says so and leads back */
  await page.goto(BASE + '/?q=BTS&page=9');
  await settled(page);
  eq(await page.textContent('.summary strong'), '4 văn bản khớp', 'count on a page past the end');
  eq(await texts(page, '.pager a'), ['‹ Trang trước', '1'], 'pager back');
  await page.goto(BASE + '/cite?ref=45/2016/QĐ-TTg');
  await settled(page);
  await shot(page, 'cite-phone');
  await page.goto(BASE + '/');
  await settled(page);
  await shot(page, 'start-phone');
  await checkClean(page);
});

/* ---- runner -------------------------------------------------------------- */

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  });
  const ctx = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, locale: 'vi-VN' });
  ctx.setDefaultTimeout(15000);
  const page = await makePage(ctx);
  let passed = 0;
  let failed = 0;
  for (const tc of tests) {
    if (ONLY && !tc.name.includes(ONLY)) continue;
    page.problems = [];
    await page.setViewportSize(DESKTOP);
    const t0 = Date.now();
    try {
      await tc.fn(page);
      passed++;
      console.log('ok    ' + tc.name + ' (' + (Date.now() - t0) + ' ms)');
    } catch (e) {
      failed++;
      console.log('FAIL  ' + tc.name + '\n      ' + (e instanceof Fail ? e.message : e.stack || e));
    }
  }
  await ctx.close();
  await browser.close();
  console.log('browser: ' + passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log('browser: cannot run: ' + (e.stack || e));
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
