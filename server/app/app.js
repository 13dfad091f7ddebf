/* tracuu web app: the pages of `tracuu serve` (search, document, citations,
 * figures, trend, index) in plain JavaScript, no framework, no build step.
 *
 * Contract with the server: it serves this file, app.css and index.html (for
 * every non-API path) under a Content-Security-Policy of script-src 'self' and
 * style-src 'self'; the JSON API under /api/ answers as README "Web app" says,
 * errors as {"error": "message"} with a 4xx/5xx status.
 *
 * Rules this file keeps, and why:
 * - Document text only ever enters the page through textContent or text nodes
 *   (never innerHTML): a document containing "<script>" must show as text.
 * - No inline styles or handlers (the CSP forbids them): styling is by class,
 *   SVG by presentation attributes.
 * - Every view is a URL (history API): back/forward work and every page can be
 *   bookmarked or sent to a colleague.
 * - All UI strings live in STRINGS, one table per language; Vietnamese is the
 *   default, the choice is kept in localStorage. */
'use strict';

(function () {
  /* ---- strings ----------------------------------------------------------- */

  const TYPE_NAMES_VI = {
    circular: 'Thông tư', 'code-of-law': 'Bộ luật', conclusion: 'Kết luận',
    'consolidated-text': 'Văn bản hợp nhất', constitution: 'Hiến pháp', decision: 'Quyết định',
    decree: 'Nghị định', directive: 'Chỉ thị', dispatch: 'Công điện', document: 'Văn bản',
    guidance: 'Hướng dẫn', invitation: 'Giấy mời', 'joint-circular': 'Thông tư liên tịch',
    'joint-resolution': 'Nghị quyết liên tịch', law: 'Luật', minutes: 'Biên bản',
    notice: 'Thông báo', 'official-letter': 'Công văn', 'option-plan': 'Phương án',
    order: 'Lệnh', ordinance: 'Pháp lệnh', permit: 'Giấy phép', plan: 'Kế hoạch',
    programme: 'Chương trình', regulation: 'Quy chế', report: 'Báo cáo',
    resolution: 'Nghị quyết', rules: 'Quy định', scheme: 'Đề án', submission: 'Tờ trình',
    'submission-slip': 'Phiếu trình', 'transfer-slip': 'Phiếu chuyển', letter: 'Công văn',
    certificate: 'Giấy chứng nhận', 'joint-guidance': 'Hướng dẫn liên ngành', procedure: 'Quy trình',
    protocol: 'Nghị định thư', standard: 'Tiêu chuẩn Việt Nam', treaty: 'Hiệp định'
  };

  /* Type codes of short citation keys ("NQ 36") and the word the query
   * language takes for them (cites:"Nghị quyết 36"), from data/doctypes.tsv. */
  const CODE_WORDS = {
    'QĐ': 'Quyết định', NQ: 'Nghị quyết', 'NĐ': 'Nghị định', TT: 'Thông tư', CT: 'Chỉ thị',
    KH: 'Kế hoạch', CTr: 'Chương trình', 'ĐA': 'Đề án', HD: 'Hướng dẫn', KL: 'Kết luận',
    TB: 'Thông báo', TTr: 'Tờ trình', BC: 'Báo cáo', PL: 'Pháp lệnh', QC: 'Quy chế',
    'QyĐ': 'Quy định', CV: 'Công văn', VB: 'Văn bản'
  };

  /* The reasons tracuu gives for a probable reference (analyzers/citation.c),
   * in Vietnamese; any other reason shows as the library wrote it. */
  const REASONS_VI = {
    'same key': 'cùng ký hiệu',
    'same law name and year': 'cùng tên luật và năm',
    'same law name; version not written': 'cùng tên luật; không ghi năm ban hành',
    'ambiguous: several known laws bear that name': 'chưa chắc: nhiều luật cùng tên',
    'same number, type and issuer; year not written': 'cùng số, loại và cơ quan ban hành; không ghi năm',
    'same number, type and issuer; year not in the known key': 'cùng số, loại và cơ quan ban hành; ký hiệu đã biết không có năm',
    'same number and type; issuer and year not written': 'cùng số và loại; không ghi cơ quan ban hành và năm',
    'same number, type and year; issuer not written': 'cùng số, loại và năm; không ghi cơ quan ban hành',
    'same number and type; issuer not written': 'cùng số và loại; không ghi cơ quan ban hành',
    'same number, type, issuer and year; unit not written': 'cùng số, loại, cơ quan và năm; không ghi đơn vị soạn thảo',
    'same number and issuer; year not written': 'cùng số và cơ quan ban hành; không ghi năm',
    'same number and issuer; unit not written': 'cùng số và cơ quan ban hành; không ghi đơn vị soạn thảo',
    'same number; the other parts written do not differ': 'cùng số; các phần khác đã ghi không khác',
    'ambiguous: several known documents share the number and the parts written': 'chưa chắc: nhiều văn bản đã biết cùng số và các phần đã ghi'
  };

  const STRINGS = {
    vi: {
      skip: 'Bỏ qua, tới nội dung',
      tagline: 'tra cứu văn bản',
      navLabel: 'Chính',
      navSearch: 'Tìm kiếm',
      navCite: 'Trích dẫn',
      navFigures: 'Số liệu',
      navTrend: 'Xu hướng',
      navIndex: 'Chỉ mục',
      langSwitch: 'English',
      langSwitchLabel: 'Switch to English',
      loading: 'Đang tải…',
      footer: 'tracuu chạy trên máy của bạn: không gửi gì ra ngoài.',
      errorTitle: 'Không thực hiện được yêu cầu',
      errorNetwork: 'Không kết nối được với máy chủ tracuu. Máy chủ còn chạy không?',
      notFound: 'Không có trang này.',
      backHome: 'Về trang tìm kiếm',
      searchTitle: 'Tìm kiếm',
      searchLabel: 'Tìm trong các văn bản',
      searchPlaceholder: 'ví dụ: BTS province:"Hà Tĩnh" year:2018',
      searchButton: 'Tìm',
      sortLabel: 'Sắp xếp',
      sortRelevance: 'Phù hợp nhất',
      sortDate: 'Mới nhất',
      helpSummary: 'Cách viết câu tìm kiếm',
      helpYouType: 'Bạn gõ',
      helpFinds: 'Tìm được',
      helpExamples: 'Thử:',
      help: [
        ['an toàn thông tin', 'văn bản có đủ các từ'],
        ['"an toàn thông tin"', 'các từ đứng liền nhau theo thứ tự này'],
        ['hieu qua', 'gõ không dấu: mọi cách viết có dấu (hiệu quả)'],
        ['SOC, BTS', 'chữ viết tắt: chỉ đúng chữ đó, không lẫn với “sóc”'],
        ['a OR b, -a, ( … )', 'một trong hai; không có; nhóm'],
        ['province:"Hà Tĩnh"', 'tỉnh ban hành (tên trước sáp nhập 2025)'],
        ['province2025:"Vĩnh Long"', 'tỉnh ban hành sau sáp nhập 2025'],
        ['year:2018, year:2015..2019', 'năm báo cáo'],
        ['date:2018-01..2018-06', 'ngày ban hành'],
        ['type:report, type:"báo cáo"', 'loại văn bản'],
        ['agency:"Sở Thông tin"', 'cơ quan ban hành hoặc được nhắc tới'],
        ['cites:45/2016/QĐ-TTg', 'văn bản trích dẫn một văn bản'],
        ['mentions:"Quảng Ninh"', 'văn bản nhắc tới một tỉnh'],
        ['standard:QCVN', 'văn bản nêu một quy chuẩn, tiêu chuẩn'],
        ['period:Q1, level:province, draft:yes', 'kỳ báo cáo; cấp ban hành; dự thảo']
      ],
      startTitle: 'Các câu hỏi hay gặp',
      startIntro: 'Bấm vào một câu hỏi để xem câu trả lời, hoặc gõ vào ô tìm kiếm ở trên.',
      q1: 'Tỉnh nào nhắc đến SOC?',
      q1how: 'Tìm SOC; mục “Tỉnh” trong phần “Lọc theo” đếm văn bản và đoạn của từng tỉnh.',
      q2: 'Ai trích dẫn Quyết định 45/2016/QĐ-TTg, khi nào?',
      q2how: 'Trang trích dẫn: văn bản nào, ngày nào, tỉnh nào, câu nào.',
      q3: 'Số trạm BTS mỗi tỉnh báo cáo theo năm',
      q3how: 'Bảng số liệu tỉnh × năm, có đơn vị, và biểu đồ.',
      q4: 'Xuất ra Excel',
      q4how: 'Mỗi danh sách có liên kết “CSV (Excel)” và “JSON” để tải toàn bộ kết quả; ví dụ ở kết quả tìm BTS.',
      resultsCount: (n) => n + ' văn bản khớp',
      resultsShowing: (a, b) => 'đang xem ' + a + '–' + b,
      noResults: 'Không có văn bản nào khớp. Thử bỏ bớt từ hoặc bộ lọc, hoặc gõ không dấu.',
      relaxed: 'Không văn bản nào có đủ mọi từ: đây là các văn bản khớp nhiều từ nhất.',
      activeFilters: 'Đang lọc:',
      removeFilter: (f) => 'Bỏ lọc ' + f,
      facetsTitle: 'Lọc theo',
      facetDocs: 'văn bản',
      facetPassages: 'đoạn',
      facetCountsTitle: (d, p) => d + ' văn bản, ' + p + ' đoạn',
      facetMore: (n) => 'Xem thêm ' + n,
      facetLess: 'Thu gọn',
      facetEmpty: 'không có',
      facetNoValue: '(không rõ)',
      facetRest: (n) => 'và ' + n + ' giá trị nữa: xem tệp CSV',
      facet_province: 'Tỉnh',
      facet_province2025: 'Tỉnh (sau 2025)',
      facet_year: 'Năm',
      facet_agency: 'Cơ quan',
      facet_type: 'Loại văn bản',
      facet_cited: 'Văn bản được trích dẫn',
      facet_level: 'Cấp',
      filter_province: 'Tỉnh',
      filter_province2025: 'Tỉnh (sau 2025)',
      filter_year: 'Năm',
      filter_date: 'Ngày',
      filter_type: 'Loại',
      filter_agency: 'Cơ quan',
      filter_cites: 'Trích dẫn',
      filter_mentions: 'Nhắc tới',
      filter_standard: 'Quy chuẩn',
      filter_period: 'Kỳ',
      filter_level: 'Cấp',
      filter_draft: 'Dự thảo',
      downloads: 'Tải về',
      downloadCsv: 'CSV (Excel)',
      downloadJson: 'JSON',
      downloadXlsx: 'Excel (XLSX)',
      downloadHitsNote: 'mọi kết quả, không chỉ trang này',
      pagerLabel: 'Các trang kết quả',
      pagePrev: '‹ Trang trước',
      pageNext: 'Trang sau ›',
      pageN: (n) => 'Trang ' + n,
      page: (n) => 'trang ' + n,
      pageOcr: (n) => 'trang ' + n + ', đọc bằng OCR',
      pageMark: (n, ocr) => '— Trang ' + n + (ocr ? ' (đọc bằng OCR)' : '') + ' —',
      untitled: '(không có trích yếu)',
      docTitle: 'Văn bản',
      docBack: '‹ Trở lại kết quả tìm kiếm',
      docOriginal: 'Mở tệp gốc',
      docCitedBy: 'Văn bản nào trích dẫn văn bản này?',
      docFields: 'Thông tin văn bản',
      f_number: 'Số, ký hiệu',
      f_type: 'Loại',
      f_agency: 'Cơ quan ban hành',
      f_parent_agency: 'Cơ quan chủ quản',
      f_province: 'Tỉnh',
      f_province2025: 'Tỉnh (sau 2025)',
      f_place: 'Nơi ban hành',
      f_date: 'Ngày',
      f_year: 'Năm',
      f_period_text: 'Kỳ báo cáo',
      f_signer: 'Người ký',
      f_level: 'Cấp ban hành',
      f_format: 'Định dạng',
      f_pages: 'Số trang',
      f_encoding: 'Bảng mã cũ đã chuyển',
      f_path: 'Tệp',
      f_draft: 'Dự thảo',
      yes: 'có',
      level_central: 'trung ương',
      level_province: 'tỉnh',
      level_district: 'huyện',
      level_commune: 'xã',
      docEntities: 'Trong văn bản',
      ent_citations: 'trích dẫn',
      ent_agencies: 'cơ quan',
      ent_places: 'địa danh',
      ent_dates: 'ngày tháng',
      ent_figures: 'số liệu',
      ent_standards: 'quy chuẩn',
      legendLabel: 'Chú giải',
      legendMatch: 'từ khớp câu tìm',
      legendCitation: 'trích dẫn (mở trang trích dẫn)',
      legendAgency: 'cơ quan (tìm văn bản nhắc tới)',
      legendPlace: 'địa danh (tìm văn bản nhắc tới)',
      legendFigure: 'số liệu (di chuột để xem giá trị, đơn vị)',
      docPassages: (n) => 'Các đoạn khớp (' + n + ')',
      docPassagesNone: 'Không có đoạn nào khớp câu tìm kiếm.',
      docPassagesCut: (n) => 'chỉ liệt kê ' + n + ' đoạn đầu',
      docText: 'Toàn văn',
      docNoText: 'Chỉ mục không lưu văn bản của tài liệu này.',
      figureTitle: (v, u, m) => v + (u ? ' ' + u : '') + (m ? ' — ' + m : ''),
      citeTitle: 'Trích dẫn',
      citeLabel: 'Số, ký hiệu văn bản',
      citePlaceholder: 'ví dụ: 45/2016/QĐ-TTg hoặc Nghị quyết 36',
      citeButton: 'Xem ai trích dẫn',
      citeTop: 'Các văn bản được trích dẫn nhiều nhất',
      citeTopDocs: 'văn bản trích dẫn',
      citeTopMentions: 'lần nhắc',
      citeCited: 'Văn bản',
      citeCount: (n, r) => n + ' lần trích dẫn ' + r,
      citeNone: (r) => 'Không văn bản nào trong chỉ mục trích dẫn ' + r + '.',
      citeAs: 'viết là',
      probableTitle: 'Có thể cũng là văn bản này',
      probableIntro: 'Các tham chiếu viết thiếu năm hoặc ký hiệu; tracuu đoán chúng chỉ văn bản này, với lý do bên cạnh. Hãy kiểm tra lại.',
      probableReason: 'Lý do',
      graphTitle: 'Sơ đồ trích dẫn',
      graphLegend: 'Trái: văn bản trích dẫn; giữa: văn bản đang xem; phải: văn bản mà nó trích dẫn. Bấm vào một ô để xem trích dẫn của văn bản đó.',
      graphLabel: (r) => 'Sơ đồ trích dẫn quanh ' + r,
      graphEmpty: 'Không có cạnh nào để vẽ.',
      figuresTitle: 'Số liệu',
      figuresLabel: 'Chỉ tiêu',
      figuresPlaceholder: 'ví dụ: trạm BTS',
      figuresButton: 'Xem số liệu',
      figuresBy: 'Hàng theo',
      byProvince: 'tỉnh',
      byYear: 'năm',
      figuresCount: (n, w) => n + ' số liệu về “' + w + '”',
      figuresNone: (w) => 'Không tìm thấy số liệu nào về “' + w + '”.',
      figuresMeasure: 'Đo',
      figuresUnit: 'Đơn vị',
      figuresChart: 'Biểu đồ',
      figuresChartNote: 'Mỗi ô là một dòng của bảng (một tỉnh, một cách đo, một đơn vị); chiều cao cột so trong ô đó.',
      figuresList: 'Từng số liệu và câu chứa nó',
      figuresExplain: 'Cách đọc bảng',
      measures: [
        ['total', 'tổng số', 'số hiện có tại một thời điểm (tổng số, lũy kế, đến nay, hiện có)'],
        ['change', 'trong kỳ', 'số làm được hoặc tăng thêm trong kỳ báo cáo (trong kỳ, phát triển mới, thẩm định, cấp mới)'],
        ['diff', 'so với cùng kỳ', 'nhiều hơn hay ít hơn kỳ khác (tăng/giảm … so với cùng kỳ)'],
        ['rate', 'tỷ lệ', 'phần trăm hoặc tỷ số (%, 146/199)'],
        ['level', 'mức', 'một thuộc tính hay mức của một thứ (diện tích, sức chứa, số tiền)']
      ],
      figuresExplainMore: 'Một tổng số không bao giờ nằm chung ô với một số trong kỳ, và “vị trí” không chung ô với “trạm”: mỗi cách đo, mỗi đơn vị một dòng. Ô có nhiều giá trị (5; 7) khi nhiều văn bản cùng tỉnh, cùng năm báo cáo.',
      trendTitle: 'Xu hướng',
      trendLabel: 'Câu tìm kiếm',
      trendPlaceholder: 'ví dụ: "an toàn thông tin"',
      trendButton: 'Xem xu hướng',
      trendBy: 'Theo',
      trendCount: (n) => n + ' văn bản khớp',
      trendChartLabel: (q) => 'Số văn bản và số đoạn khớp “' + q + '”',
      trendNone: 'Không có văn bản nào khớp.',
      colValue: 'Giá trị',
      colDocs: 'Văn bản',
      colPassages: 'Đoạn',
      indexTitle: 'Chỉ mục',
      statDocuments: 'Văn bản',
      statCitations: 'Trích dẫn',
      statFigures: 'Số liệu',
      statWarnings: 'Cảnh báo',
      statSchema: 'Phiên bản lược đồ',
      statLastUpdate: 'Cập nhật lần cuối',
      statFormats: 'Định dạng',
      statFormat: 'Định dạng',
      statCount: 'Số tệp',
      statWarningList: 'Cảnh báo của lần lập chỉ mục cuối',
      statNoWarnings: 'Không có cảnh báo.',
      statPath: 'Tệp',
      statMessage: 'Nội dung',
      colDate: 'Ngày',
      colYear: 'Năm',
      colProvince: 'Tỉnh',
      colDocument: 'Văn bản',
      colTitle: 'Trích yếu',
      colSentence: 'Câu'
    },
    en: {
      skip: 'Skip to content',
      tagline: 'document search',
      navLabel: 'Main',
      navSearch: 'Search',
      navCite: 'Citations',
      navFigures: 'Figures',
      navTrend: 'Trend',
      navIndex: 'Index',
      langSwitch: 'Tiếng Việt',
      langSwitchLabel: 'Chuyển sang tiếng Việt',
      loading: 'Loading…',
      footer: 'tracuu runs on your machine: nothing is sent anywhere.',
      errorTitle: 'The request could not be done',
      errorNetwork: 'Cannot reach the tracuu server. Is it still running?',
      notFound: 'There is no such page.',
      backHome: 'Back to search',
      searchTitle: 'Search',
      searchLabel: 'Search the documents',
      searchPlaceholder: 'e.g. BTS province:"Hà Tĩnh" year:2018',
      searchButton: 'Search',
      sortLabel: 'Sort',
      sortRelevance: 'Best match',
      sortDate: 'Newest',
      helpSummary: 'How to write a query',
      helpYouType: 'You type',
      helpFinds: 'It finds',
      helpExamples: 'Try:',
      help: [
        ['an toàn thông tin', 'documents with all the words'],
        ['"an toàn thông tin"', 'the words together, in this order'],
        ['hieu qua', 'without diacritics: every accented form (hiệu quả)'],
        ['SOC, BTS', 'an acronym: only itself, never “sóc”'],
        ['a OR b, -a, ( … )', 'either; without; grouping'],
        ['province:"Hà Tĩnh"', 'issuing province (name before the 2025 merger)'],
        ['province2025:"Vĩnh Long"', 'issuing province after the 2025 merger'],
        ['year:2018, year:2015..2019', 'year the report covers'],
        ['date:2018-01..2018-06', 'date of issue'],
        ['type:report, type:"báo cáo"', 'document type'],
        ['agency:"Sở Thông tin"', 'agency issuing or named'],
        ['cites:45/2016/QĐ-TTg', 'documents citing a document'],
        ['mentions:"Quảng Ninh"', 'documents naming a province'],
        ['standard:QCVN', 'documents naming a technical standard'],
        ['period:Q1, level:province, draft:yes', 'period; level of the issuer; drafts']
      ],
      startTitle: 'Questions staff often ask',
      startIntro: 'Click a question to see its answer, or type in the search box above.',
      q1: 'Which provinces mention SOC?',
      q1how: 'Searches SOC; “Province” under “Filter by” counts documents and passages per province.',
      q2: 'Who cites Decision 45/2016/QĐ-TTg, and when?',
      q2how: 'The citation page: which document, what date, which province, which sentence.',
      q3: 'BTS stations per province, year by year',
      q3how: 'A province × year table with units, and a chart.',
      q4: 'Export to Excel',
      q4how: 'Every listing has “CSV (Excel)” and “JSON” links that download all its rows; see the BTS search.',
      resultsCount: (n) => n + (n === 1 ? ' document matches' : ' documents match'),
      resultsShowing: (a, b) => 'showing ' + a + '–' + b,
      noResults: 'No document matches. Try fewer words or filters, or type without diacritics.',
      relaxed: 'No document has every word: these match the most words.',
      activeFilters: 'Filters:',
      removeFilter: (f) => 'Remove filter ' + f,
      facetsTitle: 'Filter by',
      facetDocs: 'docs',
      facetPassages: 'passages',
      facetCountsTitle: (d, p) => d + ' documents, ' + p + ' passages',
      facetMore: (n) => 'Show ' + n + ' more',
      facetLess: 'Show fewer',
      facetEmpty: 'none',
      facetNoValue: '(unknown)',
      facetRest: (n) => 'and ' + n + ' more: see the CSV',
      facet_province: 'Province',
      facet_province2025: 'Province (after 2025)',
      facet_year: 'Year',
      facet_agency: 'Agency',
      facet_type: 'Document type',
      facet_cited: 'Cited document',
      facet_level: 'Level',
      filter_province: 'Province',
      filter_province2025: 'Province (after 2025)',
      filter_year: 'Year',
      filter_date: 'Date',
      filter_type: 'Type',
      filter_agency: 'Agency',
      filter_cites: 'Cites',
      filter_mentions: 'Mentions',
      filter_standard: 'Standard',
      filter_period: 'Period',
      filter_level: 'Level',
      filter_draft: 'Draft',
      downloads: 'Download',
      downloadCsv: 'CSV (Excel)',
      downloadJson: 'JSON',
      downloadXlsx: 'Excel (XLSX)',
      downloadHitsNote: 'all hits, not only this page',
      pagerLabel: 'Result pages',
      pagePrev: '‹ Previous',
      pageNext: 'Next ›',
      pageN: (n) => 'Page ' + n,
      page: (n) => 'page ' + n,
      pageOcr: (n) => 'page ' + n + ', read by OCR',
      pageMark: (n, ocr) => '— Page ' + n + (ocr ? ' (read by OCR)' : '') + ' —',
      untitled: '(no title)',
      docTitle: 'Document',
      docBack: '‹ Back to the search',
      docOriginal: 'Open the original file',
      docCitedBy: 'Which documents cite this one?',
      docFields: 'About this document',
      f_number: 'Number',
      f_type: 'Type',
      f_agency: 'Issuing agency',
      f_parent_agency: 'Parent agency',
      f_province: 'Province',
      f_province2025: 'Province (after 2025)',
      f_place: 'Place of issue',
      f_date: 'Date',
      f_year: 'Year',
      f_period_text: 'Period covered',
      f_signer: 'Signed by',
      f_level: 'Level of issuer',
      f_format: 'Format',
      f_pages: 'Pages',
      f_encoding: 'Legacy encoding converted',
      f_path: 'File',
      f_draft: 'Draft',
      yes: 'yes',
      level_central: 'central',
      level_province: 'province',
      level_district: 'district',
      level_commune: 'commune',
      docEntities: 'In this document',
      ent_citations: 'citations',
      ent_agencies: 'agencies',
      ent_places: 'places',
      ent_dates: 'dates',
      ent_figures: 'figures',
      ent_standards: 'standards',
      legendLabel: 'Legend',
      legendMatch: 'matched word',
      legendCitation: 'citation (opens its citation page)',
      legendAgency: 'agency (searches documents naming it)',
      legendPlace: 'place (searches documents naming it)',
      legendFigure: 'figure (hover for value and unit)',
      docPassages: (n) => 'Matching passages (' + n + ')',
      docPassagesNone: 'No passage matches the query.',
      docPassagesCut: (n) => 'only the first ' + n + ' are listed',
      docText: 'Full text',
      docNoText: 'The index keeps no text for this document.',
      figureTitle: (v, u, m) => v + (u ? ' ' + u : '') + (m ? ' — ' + m : ''),
      citeTitle: 'Citations',
      citeLabel: 'Document number',
      citePlaceholder: 'e.g. 45/2016/QĐ-TTg or Nghị quyết 36',
      citeButton: 'Who cites it',
      citeTop: 'Most cited documents',
      citeTopDocs: 'citing documents',
      citeTopMentions: 'mentions',
      citeCited: 'Document',
      citeCount: (n, r) => n + (n === 1 ? ' citation of ' : ' citations of ') + r,
      citeNone: (r) => 'No document in the index cites ' + r + '.',
      citeAs: 'written',
      probableTitle: 'Probably the same document',
      probableIntro: 'References written without a year or symbol that tracuu thinks mean this document, each with its reason. Check them.',
      probableReason: 'Reason',
      graphTitle: 'Citation graph',
      graphLegend: 'Left: documents citing it; centre: this document; right: documents it cites. Click a box to see that document’s citations.',
      graphLabel: (r) => 'Citation graph around ' + r,
      graphEmpty: 'No edge to draw.',
      figuresTitle: 'Figures',
      figuresLabel: 'Indicator',
      figuresPlaceholder: 'e.g. trạm BTS',
      figuresButton: 'Show figures',
      figuresBy: 'Rows by',
      byProvince: 'province',
      byYear: 'year',
      figuresCount: (n, w) => n + (n === 1 ? ' figure of “' : ' figures of “') + w + '”',
      figuresNone: (w) => 'No figure of “' + w + '” found.',
      figuresMeasure: 'Measure',
      figuresUnit: 'Unit',
      figuresChart: 'Chart',
      figuresChartNote: 'Each panel is one row of the table (one place, one measure, one unit); bar heights compare within a panel.',
      figuresList: 'Each figure and its sentence',
      figuresExplain: 'How to read the table',
      measures: [
        ['total', 'total', 'how many there are at a point in time (tổng số, lũy kế, đến nay, hiện có)'],
        ['change', 'in the period', 'how many were done or added within the period (trong kỳ, phát triển mới, thẩm định, cấp mới)'],
        ['diff', 'vs. last year', 'how many more or fewer than another period (tăng/giảm … so với cùng kỳ)'],
        ['rate', 'rate', 'a percentage or a ratio (%, 146/199)'],
        ['level', 'level', 'a property or setting of one thing (area, capacity, money)']
      ],
      figuresExplainMore: 'A total never shares a cell with a change within the period, nor “vị trí” with “trạm”: one row per measure and unit. A cell lists several values (5; 7) when several documents report for the same place and year.',
      trendTitle: 'Trend',
      trendLabel: 'Query',
      trendPlaceholder: 'e.g. "an toàn thông tin"',
      trendButton: 'Show trend',
      trendBy: 'By',
      trendCount: (n) => n + (n === 1 ? ' document matches' : ' documents match'),
      trendChartLabel: (q) => 'Documents and passages matching “' + q + '”',
      trendNone: 'No document matches.',
      colValue: 'Value',
      colDocs: 'Documents',
      colPassages: 'Passages',
      indexTitle: 'Index',
      statDocuments: 'Documents',
      statCitations: 'Citations',
      statFigures: 'Figures',
      statWarnings: 'Warnings',
      statSchema: 'Schema version',
      statLastUpdate: 'Last update',
      statFormats: 'Formats',
      statFormat: 'Format',
      statCount: 'Files',
      statWarningList: 'Warnings of the last indexing run',
      statNoWarnings: 'No warnings.',
      statPath: 'File',
      statMessage: 'Message',
      colDate: 'Date',
      colYear: 'Year',
      colProvince: 'Province',
      colDocument: 'Document',
      colTitle: 'Title',
      colSentence: 'Sentence'
    }
  };

  const LANG_KEY = 'tracuu.lang';
  let lang = 'vi';
  try {
    const saved = window.localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'vi') lang = saved;
  } catch (e) {
    /* storage disabled (private mode): Vietnamese, not remembered */
  }

  function t(key, ...args) {
    let s = STRINGS[lang][key];
    if (s === undefined) s = STRINGS.vi[key];
    if (s === undefined) return key;
    return typeof s === 'function' ? s(...args) : s;
  }

  function typeName(key) {
    if (!key) return '';
    if (lang === 'vi') return TYPE_NAMES_VI[key] || key;
    const name = key.replace(/-/g, ' ');
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function reasonText(r) {
    if (!r) return '';
    return lang === 'vi' && REASONS_VI[r] ? REASONS_VI[r] : r;
  }

  function measureName(m) {
    const row = t('measures').find((r) => r[0] === m);
    return row ? row[1] : m || '';
  }

  function numberText(v) {
    if (typeof v !== 'number') return String(v);
    return v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 4 });
  }

  /* ---- DOM helpers: text only ever goes in as text nodes ------------------ */

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, kids);
    return e;
  }

  const SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS(SVGNS, tag);
    setAttrs(e, attrs);
    append(e, kids);
    return e;
  }

  function setAttrs(e, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
      else if (k === 'class') e.setAttribute('class', v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(e, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === undefined || k === null || k === false) continue;
      e.appendChild(typeof k === 'string' || typeof k === 'number' ? document.createTextNode(String(k)) : k);
    }
  }

  /* An internal link: the router takes its clicks (data-nav). */
  function link(href, ...kids) {
    return el('a', { href, 'data-nav': '' }, ...kids);
  }

  function url(path, params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
    }
    const s = u.toString();
    return s ? path + '?' + s : path;
  }

  /* "…toàn an ninh mạng ([SoC]); …" → text with <mark> for the bracketed
   * words (README: snippet marks matched words with […]). */
  function snippetNodes(snippet) {
    const out = [];
    const re = /\[([^\[\]]+)\]/g;
    let last = 0;
    let m;
    while ((m = re.exec(snippet)) !== null) {
      if (m.index > last) out.push(snippet.slice(last, m.index));
      out.push(el('mark', { text: m[1] }));
      last = m.index + m[0].length;
    }
    if (last < snippet.length) out.push(snippet.slice(last));
    return out;
  }

  /* Marks every occurrence of needle in text (the citation as written in
   * its sentence). */
  function markIn(text, needle) {
    if (!needle) return [text];
    const i = text.indexOf(needle);
    if (i < 0) return [text];
    return [text.slice(0, i), el('mark', { text: needle }), text.slice(i + needle.length)];
  }

  /* ---- API ---------------------------------------------------------------- */

  class ApiError extends Error {}

  /* Requests in flight, on <html data-pending>: the browser tests wait for 0
   * instead of guessing how long the network takes. */
  let pending = 0;
  function setPending(d) {
    pending += d;
    document.documentElement.dataset.pending = String(pending);
  }

  async function api(path, params) {
    setPending(1);
    try {
      return await apiCall(path, params);
    } finally {
      setPending(-1);
    }
  }

  async function apiCall(path, params) {
    let res;
    try {
      res = await fetch(url(path, params), { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new ApiError(t('errorNetwork'));
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const msg = body && typeof body.error === 'string' ? body.error : res.status + ' ' + res.statusText;
      throw new ApiError(msg);
    }
    if (body === null) throw new ApiError(res.status + ' ' + res.statusText);
    return body;
  }

  /* A query syntax error comes with the query and a caret under the place
   * on the lines after the message: those keep their spacing. */
  function errorBox(err) {
    const msg = err && err.message ? err.message : String(err);
    const nl = msg.indexOf('\n');
    return el('div', { class: 'error', role: 'alert' },
      el('strong', { text: t('errorTitle') + ': ' }),
      nl < 0 ? msg : msg.slice(0, nl),
      nl < 0 ? null : el('pre', { class: 'error-detail', text: msg.slice(nl + 1) }));
  }

  function loadingBox() {
    return el('p', { class: 'loading', role: 'status', text: t('loading') });
  }

  /* Replaces the children of box with the result of build(), or an error;
   * resolves to true when build() ran. */
  async function fill(box, gen, work, build) {
    box.replaceChildren(loadingBox());
    box.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await work();
    } catch (e) {
      if (gen !== renderGen) return false;
      box.replaceChildren(errorBox(e));
      box.removeAttribute('aria-busy');
      return false;
    }
    if (gen !== renderGen) return false;
    box.replaceChildren();
    box.removeAttribute('aria-busy');
    append(box, [build(data)]);
    /* a page whose heading comes with its data (a document) takes the focus now */
    if (focusHeading) {
      const h = box.querySelector('h1');
      if (h) {
        focusHeading = false;
        h.focus({ preventScroll: true });
      }
    }
    return true;
  }

  /* The download formats of every listing (&format=…), in the order shown.
   * XLSX joins when the server answers &format=xlsx (the exports issue):
   * add ['xlsx', 'downloadXlsx', 'dl-xlsx'] here. */
  const DOWNLOADS = [
    ['csv', 'downloadCsv', 'dl-csv'],
    ['jsonl', 'downloadJson', 'dl-json']
  ];

  function downloads(path, params, note) {
    return el('p', { class: 'downloads' },
      el('span', { class: 'dl-label', text: t('downloads') + ': ' }),
      DOWNLOADS.map(([format, label, cls]) => [
        el('a', { href: url(path, Object.assign({}, params, { format })), download: '', class: 'dl ' + cls, text: t(label) }), ' ']),
      note ? el('span', { class: 'muted', text: '(' + note + ')' }) : null);
  }

  /* ---- query filters ------------------------------------------------------ */

  const FILTER_RE = /(^|\s)(-?)(province2025|province|year|date|type|period|agency|draft|level|cites|mentions|standard):("[^"]*"|“[^”]*”|[^\s"“]+)/g;

  function parseFilters(q) {
    const out = [];
    let m;
    FILTER_RE.lastIndex = 0;
    while ((m = FILTER_RE.exec(q)) !== null) {
      const raw = m[0].slice(m[1].length);
      let value = m[4];
      if (value.startsWith('"') || value.startsWith('“')) value = value.slice(1, -1);
      out.push({ raw, neg: m[2] === '-', field: m[3], value });
    }
    return out;
  }

  function removeFilter(q, raw) {
    const i = q.indexOf(raw);
    if (i < 0) return q;
    return (q.slice(0, i) + q.slice(i + raw.length)).replace(/\s+/g, ' ').trim();
  }

  function quoteValue(v) {
    const clean = String(v).replace(/["“”]/g, '');
    return /[\s():]/.test(clean) || clean === '' ? '"' + clean + '"' : clean;
  }

  const FACET_FIELD = {
    province: 'province', province2025: 'province2025', year: 'year', agency: 'agency',
    type: 'type', cited: 'cites', level: 'level'
  };

  /* The filter a facet value adds to the query. A short citation key ("NQ 36")
   * is written the way the query language reads it ("Nghị quyết 36"). */
  function facetFilter(by, value) {
    const v = by === 'cited' ? refOf(value) : String(value);
    return FACET_FIELD[by] + ':' + quoteValue(v);
  }

  /* A citation key as the API and the query language read it: the short
   * keys of references without a symbol ("NQ 36", "ĐA 06") are written with
   * their type word ("Nghị quyết 36"). */
  function refOf(key) {
    const k = String(key);
    const m = /^(\S+) (.+)$/.exec(k);
    return m && CODE_WORDS[m[1]] ? CODE_WORDS[m[1]] + ' ' + m[2] : k;
  }

  function citeHref(key) {
    return url('/cite', { ref: refOf(key) });
  }

  function facetLabel(by, value) {
    if (by === 'type') return typeName(value);
    if (by === 'level') return t('level_' + value);
    return String(value);
  }

  /* ---- search page -------------------------------------------------------- */

  const PAGE_SIZE = 10;
  const FACETS = ['province', 'province2025', 'year', 'agency', 'type', 'cited'];
  const FACET_SHOWN = 8;

  function searchForm(q, sort) {
    const input = el('input', {
      id: 'q', name: 'q', type: 'search', value: q, placeholder: t('searchPlaceholder'),
      autocomplete: 'off', spellcheck: 'false', class: 'qbox'
    });
    const sel = el('select', { id: 'sort', name: 'sort' },
      el('option', { value: 'relevance', text: t('sortRelevance') }),
      el('option', { value: 'date', text: t('sortDate') }));
    sel.value = sort === 'date' ? 'date' : 'relevance';
    const form = el('form', { class: 'search-form', role: 'search', action: '/', method: 'get' },
      el('label', { for: 'q', class: 'qlabel', text: t('searchLabel') }),
      el('div', { class: 'qrow' }, input, el('button', { type: 'submit', class: 'primary', text: t('searchButton') })),
      el('div', { class: 'qopts' }, el('label', { for: 'sort', text: t('sortLabel') + ' ' }), sel));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const nq = input.value.trim();
      navigate(url('/', { q: nq, sort: sel.value === 'date' ? 'date' : '' }));
    });
    sel.addEventListener('change', () => {
      if (input.value.trim()) form.requestSubmit();
    });
    return form;
  }

  function helpPanel() {
    const rows = t('help').map(([code, what]) => el('tr', null, el('td', null, el('code', { text: code })), el('td', { text: what })));
    const examples = ['SOC', '"an toàn thông tin"', 'BTS province:"Hà Tĩnh"', 'cites:45/2016/QĐ-TTg'];
    return el('details', { class: 'help' },
      el('summary', { text: t('helpSummary') }),
      el('div', { class: 'table-wrap' },
        el('table', { class: 'syntax' },
          el('thead', null, el('tr', null, el('th', { scope: 'col', text: t('helpYouType') }), el('th', { scope: 'col', text: t('helpFinds') }))),
          el('tbody', null, rows))),
      el('p', { class: 'examples' }, t('helpExamples') + ' ',
        examples.map((x, i) => [i ? ' · ' : '', link(url('/', { q: x }), el('code', { text: x }))])));
  }

  function startPage() {
    const qs = [
      [t('q1'), t('q1how'), url('/', { q: 'SOC' })],
      [t('q2'), t('q2how'), url('/cite', { ref: '45/2016/QĐ-TTg' })],
      [t('q3'), t('q3how'), url('/figures', { what: 'trạm BTS', by: 'province' })],
      [t('q4'), t('q4how'), url('/', { q: 'BTS' })]
    ];
    return el('section', { class: 'start', 'aria-labelledby': 'start-h' },
      el('h2', { id: 'start-h', text: t('startTitle') }),
      el('p', { class: 'muted', text: t('startIntro') }),
      el('ul', { class: 'questions' },
        qs.map(([q, how, href]) => el('li', null, link(href, el('span', { class: 'question', text: q }), el('span', { class: 'how', text: how }))))));
  }

  function viewSearch(params, gen) {
    const q = (params.get('q') || '').trim();
    const sort = params.get('sort') === 'date' ? 'date' : 'relevance';
    let page = parseInt(params.get('page') || '1', 10);
    if (!(page >= 1) || page > 100000) page = 1;
    setTitle(q ? q : t('searchTitle'));
    const view = el('div', { class: 'view view-search' },
      el('h1', { class: q ? 'sr-only' : '', tabindex: '-1', text: t('searchTitle') }),
      searchForm(q, sort), helpPanel());
    if (!q) {
      view.appendChild(startPage());
      return view;
    }
    const filters = parseFilters(q);
    if (filters.length) {
      view.appendChild(el('div', { class: 'chips', role: 'group', 'aria-label': t('activeFilters') },
        el('span', { class: 'chips-label', text: t('activeFilters') }),
        filters.map((f) => {
          const label = (f.neg ? '− ' : '') + t('filter_' + f.field) + ': ' + (f.field === 'type' ? typeName(f.value) : f.value);
          const rest = removeFilter(q, f.raw);
          return el('span', { class: 'chip' }, label, ' ',
            link(url('/', { q: rest || undefined, sort: sort === 'date' ? 'date' : '' }),
              el('span', { 'aria-hidden': 'true', text: '×' }),
              el('span', { class: 'sr-only', text: t('removeFilter', label) })));
        })));
    }
    const results = el('section', { class: 'results', 'aria-label': t('searchTitle') });
    const facets = el('aside', { class: 'facets', 'aria-labelledby': 'facets-h' },
      el('h2', { id: 'facets-h', class: 'facets-h', text: t('facetsTitle') }));
    view.appendChild(el('div', { class: 'layout' }, results, facets));

    const offset = (page - 1) * PAGE_SIZE;
    const active = new Set(filters.map((f) => f.field + ':' + f.value.toLowerCase()));
    const bodies = FACETS.map((by) => {
      const body = el('div', { class: 'facet-body' }, loadingBox());
      facets.appendChild(el('section', { class: 'facet', 'data-facet': by, 'aria-labelledby': 'facet-h-' + by },
        el('h3', { id: 'facet-h-' + by, text: t('facet_' + by) }), body));
      return body;
    });
    /* facets once the query is understood: a syntax error is shown once */
    fill(results, gen, () => api('/api/search', { q, limit: PAGE_SIZE, offset, sort, matches: 'snippet' }), (r) => renderHits(r, q, sort, page)).then((ok) => {
      if (!ok) {
        if (gen === renderGen) facets.remove();
        return;
      }
      FACETS.forEach((by, i) => fill(bodies[i], gen, () => api('/api/facets', { q, by }), (r) => renderFacet(r, by, q, sort, active)));
    });
    return view;
  }

  function renderHits(r, q, sort, page) {
    const frag = document.createDocumentFragment();
    const total = r.total || 0;
    const hits = r.hits || [];
    const first = (r.offset || 0) + 1;
    const head = el('p', { class: 'summary', role: 'status' }, el('strong', { text: t('resultsCount', total) }));
    if (hits.length) head.append(', ' + t('resultsShowing', first, first + hits.length - 1));
    frag.appendChild(head);
    if (r.relaxed) frag.appendChild(el('p', { class: 'note', text: t('relaxed') }));
    if (!hits.length) {
      frag.appendChild(el('p', { class: 'empty', text: t('noResults') }));
      /* a page past the end (an old bookmark): the pager leads back */
      if (total > 0) frag.appendChild(pager(total, page, (p) => url('/', { q, sort: sort === 'date' ? 'date' : '', page: p > 1 ? p : '' })));
      return frag;
    }
    frag.appendChild(el('ol', { class: 'hits', start: first }, hits.map((h) => renderHit(h, q))));
    frag.appendChild(pager(total, page, (p) => url('/', { q, sort: sort === 'date' ? 'date' : '', page: p > 1 ? p : '' })));
    frag.appendChild(downloads('/api/search', { q, sort: sort === 'date' ? 'date' : '' }, t('downloadHitsNote')));
    return frag;
  }

  function renderHit(h, q) {
    const meta = [];
    if (h.province) meta.push(el('span', { class: 'm-province', text: h.province }));
    if (h.date) meta.push(el('span', { class: 'm-date', text: h.date }));
    if (h.number) meta.push(el('span', { class: 'm-number', text: h.number }));
    if (h.type) meta.push(el('span', { class: 'm-type', text: typeName(h.type) }));
    if (h.agency) meta.push(el('span', { class: 'm-agency', text: h.agency }));
    if (h.page) meta.push(el('span', { class: 'm-page', text: h.ocr ? t('pageOcr', h.page) : t('page', h.page) }));
    const name = h.path ? h.path.split('/').pop() : '';
    return el('li', { class: 'hit' },
      el('h3', { class: 'hit-title' }, link(url('/doc/' + h.id, { q }), h.title || name || t('untitled'))),
      el('p', { class: 'meta' }, meta.map((m, i) => [i ? el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }) : null, m])),
      h.snippet ? el('p', { class: 'snippet' }, snippetNodes(h.snippet)) : null,
      name ? el('p', { class: 'path', text: name }) : null);
  }

  function pager(total, page, hrefOf) {
    const pages = Math.ceil(total / PAGE_SIZE);
    if (pages <= 1 && page <= 1) return document.createDocumentFragment();
    const items = [];
    if (page > 1) items.push(el('li', null, link(hrefOf(Math.min(page - 1, pages)), t('pagePrev'))));
    const cur = Math.min(page, pages);
    const lo = Math.max(1, cur - 3);
    const hi = Math.min(pages, cur + 3);
    for (let p = lo; p <= hi; p++) {
      const a = link(hrefOf(p), String(p));
      a.setAttribute('aria-label', t('pageN', p));
      if (p === page) a.setAttribute('aria-current', 'page');
      items.push(el('li', null, a));
    }
    if (page < pages) items.push(el('li', null, link(hrefOf(page + 1), t('pageNext'))));
    return el('nav', { class: 'pager', 'aria-label': t('pagerLabel') }, el('ul', null, items));
  }

  const FACET_MAX = 100;
  const NO_VALUE = '(none)'; /* search/search.c: documents without the field */

  function renderFacet(r, by, q, sort, active) {
    const rows = r.rows || [];
    if (!rows.length) return el('p', { class: 'muted small', text: t('facetEmpty') });
    const item = (row) => {
      const counts = el('span', { class: 'fc', title: t('facetCountsTitle', row.docs, row.passages) },
        el('span', { class: 'fd', text: String(row.docs) }),
        el('span', { class: 'fp', text: String(row.passages) }));
      /* documents without the field cannot be asked for by a filter */
      if (row.value === NO_VALUE || row.value === '' || row.value === null) {
        return el('li', null, el('span', { class: 'facet-row none' }, el('span', { class: 'fv', text: t('facetNoValue') }), counts));
      }
      const filter = facetFilter(by, row.value);
      const isActive = active.has(FACET_FIELD[by] + ':' + (by === 'cited' ? refOf(row.value) : String(row.value)).toLowerCase());
      const a = link(url('/', { q: isActive ? q : q + ' ' + filter, sort: sort === 'date' ? 'date' : '' }),
        el('span', { class: 'fv', text: facetLabel(by, row.value) }), counts);
      a.setAttribute('aria-label', facetLabel(by, row.value) + ': ' + t('facetCountsTitle', row.docs, row.passages));
      if (isActive) a.setAttribute('aria-current', 'true');
      return el('li', null, a);
    };
    const list = el('ul', { class: 'facet-list' }, rows.slice(0, FACET_SHOWN).map(item));
    const frag = document.createDocumentFragment();
    frag.appendChild(el('p', { class: 'facet-cols', 'aria-hidden': 'true' },
      el('span', { text: t('facetDocs') }), el('span', { text: t('facetPassages') })));
    frag.appendChild(list);
    /* long lists (a thousand cited documents) are built only when asked */
    if (rows.length > FACET_SHOWN) {
      const shown = Math.min(rows.length, FACET_MAX);
      const btn = el('button', { type: 'button', class: 'linklike', 'aria-expanded': 'false', text: t('facetMore', shown - FACET_SHOWN) });
      let extra = null;
      btn.addEventListener('click', () => {
        if (!extra) {
          extra = rows.slice(FACET_SHOWN, shown).map(item);
          append(list, extra);
          if (rows.length > shown) list.appendChild(el('li', { class: 'muted small', text: t('facetRest', rows.length - shown) }));
          btn.setAttribute('aria-expanded', 'true');
          btn.textContent = t('facetLess');
        } else {
          const open = list.classList.toggle('collapsed');
          btn.setAttribute('aria-expanded', open ? 'false' : 'true');
          btn.textContent = open ? t('facetMore', shown - FACET_SHOWN) : t('facetLess');
        }
      });
      frag.appendChild(btn);
    }
    frag.appendChild(el('p', { class: 'downloads small' },
      el('a', { href: url('/api/facets', { q, by, format: 'csv' }), download: '', text: 'CSV' }), ' · ',
      el('a', { href: url('/api/facets', { q, by, format: 'jsonl' }), download: '', text: 'JSON' })));
    return frag;
  }

  /* ---- document page ------------------------------------------------------ */

  /* UTF-8 byte offset → UTF-16 index into text (the API gives byte offsets;
   * an offset inside a character maps to the character's start). */
  function byteIndex(text) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          bytes += 4;
          i++;
        } else bytes += 3;
      } else bytes += 3;
    }
    const map = new Uint32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length;) {
      const c = text.charCodeAt(i);
      let n = 3;
      let u = 1;
      if (c < 0x80) n = 1;
      else if (c < 0x800) n = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          n = 4;
          u = 2;
        }
      }
      for (let k = 0; k < n; k++) map[b + k] = i;
      b += n;
      i += u;
    }
    map[bytes] = text.length;
    return (off) => {
      const o = Number(off);
      if (!(o > 0)) return 0;
      return o >= bytes ? text.length : map[o];
    };
  }

  function entitySpans(doc, idx) {
    const spans = [];
    const add = (list, kind, make) => {
      for (const e of list || []) {
        if (typeof e.start !== 'number' || typeof e.end !== 'number' || e.end <= e.start) continue;
        const s = idx(e.start);
        const en = idx(e.end);
        if (en > s) spans.push({ s, e: en, kind, ent: e, make });
      }
    };
    add(doc.citations, 'citation', (e, kids) => link(citeHref(e.probable_of || e.key || e.value), kids));
    add(doc.agencies, 'agency', (e, kids) => link(url('/', { q: 'agency:' + quoteValue(e.name || e.value) }), kids));
    add(doc.places, 'place', (e, kids) => link(url('/', { q: 'mentions:' + quoteValue(e.province || e.value) }), kids));
    add(doc.standards, 'standard', (e, kids) => link(url('/', { q: 'standard:' + quoteValue(e.value) }), kids));
    add(doc.figures, 'figure', (e, kids) => el('span', {
      title: t('figureTitle', numberText(e.value2 ? e.value + '/' + e.value2 : e.value), e.unit || '', measureName(e.measure))
    }, kids));
    add(doc.dates, 'date', (e, kids) => el('span', { title: e.iso || e.value }, kids));
    /* One layer of entities, earliest first, the longer on a tie; an entity
     * overlapping one already kept is left unmarked. */
    spans.sort((a, b) => a.s - b.s || b.e - a.e);
    const kept = [];
    let end = 0;
    for (const sp of spans) {
      if (sp.s >= end) {
        kept.push(sp);
        end = sp.e;
      }
    }
    return kept;
  }

  /* The text with matches as <mark id="m-N"> and entities as links or
   * titled spans; returns the container and the mark elements in order. */
  function renderText(text, doc, matches) {
    const idx = byteIndex(text);
    const ms = (matches || [])
      .filter((m) => Array.isArray(m) && m.length >= 2)
      .map((m) => [idx(m[0]), idx(m[1])])
      .filter((m) => m[1] > m[0])
      .sort((a, b) => a[0] - b[0]);
    const ents = entitySpans(doc, idx);
    /* paged formats: "0,1834,..." byte offsets where each page starts */
    const pages = String(doc.page_starts || '')
      .split(',')
      .filter((x) => /^\d+$/.test(x))
      .map((x) => idx(Number(x)));
    const kinds = String(doc.page_kinds || '');
    let nextPage = 1; /* page 1 starts the text: no mark before it */
    /* text[a, b) with a mark where each page starts inside it */
    const withPages = (a, b) => {
      const out = [];
      let pos = a;
      while (nextPage < pages.length && pages[nextPage] < b) {
        const at = Math.max(pages[nextPage], pos);
        if (at > pos) out.push(text.slice(pos, at));
        const n = nextPage + 1;
        out.push(el('span', { class: 'page-mark', id: 'page-' + n, text: t('pageMark', n, kinds[nextPage] === 'o') }));
        pos = at;
        nextPage++;
      }
      if (pos < b) out.push(text.slice(pos, b));
      return out;
    };
    const marks = [];
    const markOf = new Map(); /* match index → first mark element */
    const box = el('div', { class: 'doctext', lang: 'vi' });

    /* text[a, b) with matches inside marked */
    let first = 0; /* calls come in text order: matches ending before a are done */
    const withMatches = (a, b) => {
      const out = [];
      let pos = a;
      while (first < ms.length && ms[first][1] <= a) first++;
      for (let i = first; i < ms.length; i++) {
        const [s, e] = ms[i];
        if (s >= b) break;
        if (e <= pos) continue;
        const ss = Math.max(s, pos);
        const ee = Math.min(e, b);
        if (ss > pos) out.push(withPages(pos, ss));
        const m = el('mark', { class: 'match' }, text.slice(ss, ee));
        if (!markOf.has(i)) {
          markOf.set(i, m);
          m.id = 'm-' + (i + 1);
          m.setAttribute('tabindex', '-1');
        }
        out.push(m);
        pos = ee;
      }
      if (pos < b) out.push(withPages(pos, b));
      return out;
    };

    let pos = 0;
    const frag = document.createDocumentFragment();
    for (const sp of ents) {
      if (sp.s > pos) append(frag, withMatches(pos, sp.s));
      const node = sp.make(sp.ent, withMatches(sp.s, sp.e));
      node.classList.add('ent', 'ent-' + sp.kind);
      frag.appendChild(node);
      pos = sp.e;
    }
    if (pos < text.length) append(frag, withMatches(pos, text.length));
    box.appendChild(frag);
    for (let i = 0; i < ms.length; i++) {
      let page = 0;
      while (pages.length > 1 && page + 1 < pages.length && pages[page + 1] <= ms[i][0]) page++;
      marks.push({ range: ms[i], node: markOf.get(i), page: pages.length > 1 ? page + 1 : 0 });
    }
    return { box, marks, idx };
  }

  function passageList(text, marks) {
    const LIMIT = 300;
    const CONTEXT = 70;
    const list = el('ol', { class: 'passages' });
    marks.slice(0, LIMIT).forEach((m, i) => {
      const [s, e] = m.range;
      let a = Math.max(0, s - CONTEXT);
      let b = Math.min(text.length, e + CONTEXT);
      /* keep to the line around the match */
      const nl = text.lastIndexOf('\n', s - 1);
      if (nl >= a) a = nl + 1;
      const nr = text.indexOf('\n', e);
      if (nr >= 0 && nr < b) b = nr;
      list.appendChild(el('li', null,
        el('a', { href: '#m-' + (i + 1), class: 'passage-link' },
          a > 0 && text[a - 1] !== '\n' ? '…' : '', text.slice(a, s), el('mark', null, text.slice(s, e)), text.slice(e, b),
          b < text.length && text[b] !== '\n' ? '…' : ''),
        m.page ? el('span', { class: 'muted small', text: ' (' + t('page', m.page) + ')' }) : null));
    });
    return list;
  }

  /* The passages of /api/show (every sentence holding a match, with its
   * page): each shows its sentence as the document writes it, matches
   * marked, and links to its first match in the text. */
  function sentenceList(text, idx, passages, marks) {
    const LIMIT = 300;
    const list = el('ol', { class: 'passages' });
    const flat = (str) => str.replace(/\s+/g, ' ');
    let k = 0; /* first match not before this passage */
    passages.slice(0, LIMIT).forEach((p) => {
      const a = idx(p.start);
      const b = idx(p.end);
      if (!(b > a)) return;
      while (k < marks.length && marks[k].range[0] < a) k++;
      const kids = [];
      let pos = a;
      for (const m of p.matches || []) {
        const s = Math.max(idx(m[0]), pos);
        const e = Math.min(idx(m[1]), b);
        if (e <= s) continue;
        if (s > pos) kids.push(flat(text.slice(pos, s)));
        kids.push(el('mark', null, text.slice(s, e)));
        pos = e;
      }
      if (pos < b) kids.push(flat(text.slice(pos, b)));
      const target = k < marks.length && marks[k].range[0] < b ? '#m-' + (k + 1) : null;
      const where = p.page ? el('span', { class: 'muted small', text: ' (' + (p.ocr ? t('pageOcr', p.page) : t('page', p.page)) + ')' }) : null;
      list.appendChild(el('li', null, target ? el('a', { href: target, class: 'passage-link' }, kids) : el('span', null, kids), where));
    });
    return list;
  }

  function field(label, value, cls) {
    if (value === undefined || value === null || value === '') return null;
    return [el('dt', { text: label }), el('dd', { class: cls || '' }, value)];
  }

  function viewDoc(id, params, gen) {
    const q = (params.get('q') || '').trim();
    setTitle(t('docTitle') + ' ' + id);
    const view = el('div', { class: 'view view-doc' });
    const body = el('div');
    view.appendChild(body);
    fill(body, gen, () => api('/api/show', { id, q }), (r) => {
      const d = r.document || {};
      const text = typeof r.text === 'string' ? r.text : '';
      const name = d.path ? d.path.split('/').pop() : '';
      setTitle(d.title || name || t('docTitle') + ' ' + id);
      const frag = document.createDocumentFragment();
      if (q) frag.appendChild(el('p', { class: 'back' }, link(url('/', { q }), t('docBack'))));
      frag.appendChild(el('h1', { tabindex: '-1', class: 'doc-title', text: d.title || name || t('untitled') }));
      const signer = [d.signer_title, d.signer_name].filter(Boolean).join(' ');
      const pages = d.pages ? String(d.pages) + (d.ocr_pages ? ' (OCR: ' + d.ocr_pages + ')' : '') : '';
      frag.appendChild(el('section', { class: 'doc-head', 'aria-label': t('docFields') },
        el('dl', { class: 'fields' },
          field(t('f_number'), d.number),
          field(t('f_type'), typeName(d.type)),
          field(t('f_agency'), d.agency ? link(url('/', { q: 'agency:' + quoteValue(d.agency) }), d.agency) : null),
          field(t('f_parent_agency'), d.parent_agency),
          field(t('f_province'), d.province ? link(url('/', { q: 'province:' + quoteValue(d.province) }), d.province) : null),
          field(t('f_province2025'), d.province2025 && d.province2025 !== d.province ? d.province2025 : null),
          field(t('f_place'), d.place && d.place !== d.province ? d.place : null),
          field(t('f_date'), d.date),
          field(t('f_year'), d.year ? String(d.year) : null),
          field(t('f_period_text'), d.period_text),
          field(t('f_signer'), signer),
          field(t('f_level'), d.level ? t('level_' + d.level) : null),
          field(t('f_draft'), d.draft ? t('yes') : null),
          field(t('f_format'), d.format),
          field(t('f_pages'), pages),
          field(t('f_encoding'), d.encoding),
          field(t('f_path'), d.path, 'path')),
        el('p', { class: 'actions' },
          el('a', { href: '/doc/' + encodeURIComponent(id) + '/original', class: 'button', text: t('docOriginal') }),
          /* a document with a full symbol (number/year or number/type-issuer) can be looked up as cited */
          d.number && /^\d+.*\//.test(d.number) ? [' ', link(citeHref(d.number), t('docCitedBy'))] : null)));
      const counts = ['citations', 'agencies', 'places', 'dates', 'figures', 'standards']
        .filter((k) => Array.isArray(d[k]) && d[k].length)
        .map((k) => d[k].length + ' ' + t('ent_' + k));
      if (counts.length) frag.appendChild(el('p', { class: 'entity-counts' }, t('docEntities') + ': ' + counts.join(', ')));
      const { box, marks, idx } = renderText(text, d, r.matches);
      if (q) {
        /* the server's sentences when it gives them, else a window around each match */
        const sentences = Array.isArray(r.passages) ? r.passages : null;
        const n = sentences ? sentences.length : marks.length;
        const ps = el('section', { class: 'doc-passages', 'aria-labelledby': 'passages-h' },
          el('h2', { id: 'passages-h', text: t('docPassages', n) }));
        if (!n) ps.appendChild(el('p', { class: 'muted', text: t('docPassagesNone') }));
        else {
          if (n > 300) ps.appendChild(el('p', { class: 'muted', text: t('docPassagesCut', 300) }));
          ps.appendChild(sentences ? sentenceList(text, idx, sentences, marks) : passageList(text, marks));
        }
        frag.appendChild(ps);
      }
      frag.appendChild(el('ul', { class: 'legend', 'aria-label': t('legendLabel') },
        q ? el('li', null, el('mark', { text: 'abc' }), ' ', t('legendMatch')) : null,
        el('li', null, el('span', { class: 'ent ent-citation sample', text: '45/2016/QĐ-TTg' }), ' ', t('legendCitation')),
        el('li', null, el('span', { class: 'ent ent-agency sample', text: 'Sở' }), ' ', t('legendAgency')),
        el('li', null, el('span', { class: 'ent ent-place sample', text: 'Hà Tĩnh' }), ' ', t('legendPlace')),
        el('li', null, el('span', { class: 'ent ent-figure sample', text: '775' }), ' ', t('legendFigure'))));
      frag.appendChild(el('section', { class: 'doc-text', 'aria-labelledby': 'text-h' },
        el('h2', { id: 'text-h', text: t('docText') }),
        text ? box : el('p', { class: 'muted', text: t('docNoText') })));
      return frag;
    });
    return view;
  }

  /* ---- citation page ------------------------------------------------------ */

  function citeForm(ref) {
    const input = el('input', { id: 'ref', name: 'ref', type: 'search', value: ref, placeholder: t('citePlaceholder'), autocomplete: 'off', spellcheck: 'false', class: 'qbox' });
    const form = el('form', { class: 'search-form', action: '/cite', method: 'get' },
      el('label', { for: 'ref', class: 'qlabel', text: t('citeLabel') }),
      el('div', { class: 'qrow' }, input, el('button', { type: 'submit', class: 'primary', text: t('citeButton') })));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      navigate(url('/cite', { ref: input.value.trim() }));
    });
    return form;
  }

  function viewCite(params, gen) {
    const ref = (params.get('ref') || '').trim();
    setTitle(ref ? t('citeTitle') + ': ' + ref : t('citeTitle'));
    const view = el('div', { class: 'view view-cite' },
      el('h1', { tabindex: '-1', text: ref ? t('citeTitle') + ': ' + ref : t('citeTitle') }),
      citeForm(ref));
    if (!ref) {
      const box = el('section', { class: 'cite-top', 'aria-labelledby': 'top-h' }, el('h2', { id: 'top-h', text: t('citeTop') }));
      const body = el('div');
      box.appendChild(body);
      view.appendChild(box);
      fill(body, gen, () => api('/api/cite/top', { limit: 25 }), (r) => {
        const rows = r.rows || [];
        const frag = document.createDocumentFragment();
        frag.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
          el('thead', null, el('tr', null,
            el('th', { scope: 'col', text: t('citeCited') }),
            el('th', { scope: 'col', class: 'num', text: t('citeTopDocs') }),
            el('th', { scope: 'col', class: 'num', text: t('citeTopMentions') }))),
          el('tbody', null, rows.map((row) => el('tr', null,
            el('td', null, link(citeHref(row.key), row.key)),
            el('td', { class: 'num', text: String(row.docs) }),
            el('td', { class: 'num', text: String(row.mentions) })))))));
        frag.appendChild(downloads('/api/cite/top', { limit: 25 }));
        return frag;
      });
      return view;
    }
    const rowsBox = el('div', { class: 'cite-rows' });
    const graphBox = el('section', { class: 'graph', 'aria-labelledby': 'graph-h' }, el('h2', { id: 'graph-h', text: t('graphTitle') }));
    const graphBody = el('div');
    graphBox.appendChild(graphBody);
    view.append(rowsBox, graphBox);
    /* the graph only for a reference the citations understood (one error, not two) */
    fill(rowsBox, gen, () => api('/api/cite', { ref, probable: 1 }), (r) => renderCiteRows(r, ref)).then((ok) => {
      if (ok) fill(graphBody, gen, () => api('/api/graph', { ref, depth: 1 }), (g) => renderGraph(g, ref));
      else graphBox.remove();
    });
    return view;
  }

  function citeCard(row) {
    const name = row.path ? row.path.split('/').pop() : '';
    return el('li', { class: 'cite-row' + (row.probable ? ' probable' : '') },
      el('p', { class: 'meta' },
        el('span', { class: 'm-date', text: row.date || '?' }), ' · ',
        el('span', { class: 'm-province', text: row.province || '—' }), ' · ',
        link(url('/doc/' + row.id, { q: row.text ? '"' + row.text.replace(/"/g, '') + '"' : '' }), row.number || name || '#' + row.id)),
      row.title ? el('p', { class: 'cite-title', text: row.title }) : null,
      el('blockquote', { class: 'sentence' }, markIn(row.sentence || '', row.text)),
      row.probable ? el('p', { class: 'reason' }, el('strong', { text: t('probableReason') + ': ' }), reasonText(row.reason), ' (', t('citeAs'), ' “', row.text || '', '”)') : null);
  }

  function renderCiteRows(r, ref) {
    const rows = r.rows || [];
    const sure = rows.filter((x) => !x.probable);
    const probable = rows.filter((x) => x.probable);
    const key = r.key || ref;
    const frag = document.createDocumentFragment();
    frag.appendChild(el('p', { class: 'summary', role: 'status' },
      el('strong', { text: sure.length ? t('citeCount', sure.length, key) : t('citeNone', key) })));
    if (sure.length) frag.appendChild(el('ol', { class: 'cite-list' }, sure.map(citeCard)));
    if (probable.length) {
      frag.appendChild(el('section', { class: 'probable-box', 'aria-labelledby': 'prob-h' },
        el('h2', { id: 'prob-h', text: t('probableTitle') + ' (' + probable.length + ')' }),
        el('p', { class: 'muted', text: t('probableIntro') }),
        el('ol', { class: 'cite-list' }, probable.map(citeCard))));
    }
    frag.appendChild(downloads('/api/cite', { ref, probable: 1 }));
    return frag;
  }

  /* Layered layout: each node's layer is its signed distance from the root
   * (citing documents to the left, cited ones to the right); nodes stack in
   * their layer column. */
  function renderGraph(g, ref) {
    const nodes = Array.isArray(g.nodes) ? g.nodes.map(String) : [];
    const edges = Array.isArray(g.edges) ? g.edges.filter((e) => e && e.from !== undefined && e.to !== undefined) : [];
    const root = String(g.root || ref);
    if (!edges.length) return el('p', { class: 'muted', text: t('graphEmpty') });
    if (!nodes.includes(root)) nodes.push(root);
    const layer = new Map([[root, 0]]);
    let frontier = [root];
    while (frontier.length) {
      const next = [];
      for (const n of frontier) {
        for (const e of edges) {
          const from = String(e.from);
          const to = String(e.to);
          if (to === n && !layer.has(from)) {
            layer.set(from, layer.get(n) - 1);
            next.push(from);
          }
          if (from === n && !layer.has(to)) {
            layer.set(to, layer.get(n) + 1);
            next.push(to);
          }
        }
      }
      frontier = next;
    }
    for (const n of nodes) if (!layer.has(n)) layer.set(n, 0);
    const layers = [...new Set(layer.values())].sort((a, b) => a - b);
    const cols = new Map(layers.map((l) => [l, []]));
    for (const n of nodes) cols.get(layer.get(n)).push(n);
    for (const list of cols.values()) list.sort((a, b) => (a === root ? -1 : b === root ? 1 : a.localeCompare(b)));
    const NW = 180;
    const NH = 30;
    const GX = 90;
    const GY = 14;
    const PAD = 10;
    const maxRows = Math.max(...[...cols.values()].map((l) => l.length));
    const width = PAD * 2 + layers.length * NW + (layers.length - 1) * GX;
    const height = PAD * 2 + maxRows * NH + (maxRows - 1) * GY;
    const pos = new Map();
    layers.forEach((l, ci) => {
      const list = cols.get(l);
      const top = PAD + (height - PAD * 2 - (list.length * NH + (list.length - 1) * GY)) / 2;
      list.forEach((n, ri) => pos.set(n, { x: PAD + ci * (NW + GX), y: top + ri * (NH + GY) }));
    });
    const s = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + height, width, height, role: 'img', class: 'graph-svg',
      'aria-label': t('graphLabel', root)
    });
    s.appendChild(svg('defs', null, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#555' }))));
    for (const e of edges) {
      const a = pos.get(String(e.from));
      const b = pos.get(String(e.to));
      if (!a || !b) continue;
      let x1 = a.x + NW;
      let x2 = b.x;
      if (a.x >= b.x) {
        x1 = a.x;
        x2 = b.x + NW;
      }
      s.appendChild(svg('line', { x1, y1: a.y + NH / 2, x2, y2: b.y + NH / 2, stroke: '#777', 'stroke-width': '1.5', 'marker-end': 'url(#arrow)', class: 'edge' }));
    }
    for (const n of nodes) {
      const p = pos.get(n);
      const isRoot = n === root;
      const label = n.length > 24 ? n.slice(0, 23) + '…' : n;
      /* a document without a number of its own is named "doc ID" (search/cite.c) */
      const docId = /^doc (\d+)$/.exec(n);
      const a = svg('a', { href: docId ? '/doc/' + docId[1] : citeHref(n), 'data-nav': '', class: 'node' + (isRoot ? ' root' : '') },
        svg('title', { text: n }),
        svg('rect', { x: p.x, y: p.y, width: NW, height: NH, rx: '5', fill: isRoot ? '#0b4f8a' : '#eef4fb', stroke: '#0b4f8a', 'stroke-width': '1.5' }),
        svg('text', { x: p.x + NW / 2, y: p.y + NH / 2 + 5, 'text-anchor': 'middle', fill: isRoot ? '#ffffff' : '#0b2f55', 'font-size': '13', text: label }));
      s.appendChild(a);
    }
    return [el('p', { class: 'muted', text: t('graphLegend') }), el('div', { class: 'graph-wrap' }, s)];
  }

  /* ---- figures page ------------------------------------------------------- */

  function pivotCell(p, r, c) {
    const cells = p.cells || [];
    const v = Array.isArray(cells[r]) ? cells[r][c] : cells[r * (p.cols || []).length + c];
    return v === undefined ? null : v;
  }

  /* The number a chart draws for a cell: the largest of its values ("5; 7"
   * → 7, "+253" → 253, "146/199" → 0.73); the label shows them all. */
  function cellNumber(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return v;
    let best = null;
    for (const part of String(v).split(';')) {
      const s = part.trim();
      const ratio = /^([\d.]+)\s*\/\s*([\d.]+)$/.exec(s);
      const n = ratio ? (Number(ratio[2]) ? Number(ratio[1]) / Number(ratio[2]) : NaN) : Number(s.replace(/^\+/, ''));
      if (Number.isFinite(n) && (best === null || Math.abs(n) > Math.abs(best))) best = n;
    }
    return best;
  }

  /* A pivot row key: documents without a province (central bodies) or year */
  function rowKey(k) {
    return k === null || k === undefined || k === '' || k === NO_VALUE ? t('facetNoValue') : String(k);
  }

  function viewFigures(params, gen) {
    const what = (params.get('what') || '').trim();
    const by = params.get('by') === 'year' ? 'year' : 'province';
    setTitle(what ? t('figuresTitle') + ': ' + what : t('figuresTitle'));
    const input = el('input', { id: 'what', name: 'what', type: 'search', value: what, placeholder: t('figuresPlaceholder'), autocomplete: 'off', class: 'qbox' });
    const radios = ['province', 'year'].map((b) => {
      const r = el('input', { type: 'radio', name: 'by', id: 'by-' + b, value: b });
      r.checked = b === by;
      return el('label', { for: 'by-' + b, class: 'radio' }, r, ' ', t(b === 'year' ? 'byYear' : 'byProvince'));
    });
    const form = el('form', { class: 'search-form', action: '/figures', method: 'get' },
      el('label', { for: 'what', class: 'qlabel', text: t('figuresLabel') }),
      el('div', { class: 'qrow' }, input, el('button', { type: 'submit', class: 'primary', text: t('figuresButton') })),
      el('fieldset', { class: 'qopts' }, el('legend', { text: t('figuresBy') }), radios));
    const go = () => {
      const b = form.querySelector('input[name=by]:checked');
      navigate(url('/figures', { what: input.value.trim(), by: b ? b.value : 'province' }));
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      go();
    });
    form.addEventListener('change', (e) => {
      if (e.target.name === 'by' && input.value.trim()) go();
    });
    const view = el('div', { class: 'view view-figures' },
      el('h1', { tabindex: '-1', text: what ? t('figuresTitle') + ': ' + what : t('figuresTitle') }), form);
    if (!what) {
      view.appendChild(measuresExplain());
      return view;
    }
    const body = el('div');
    view.appendChild(body);
    fill(body, gen, () => api('/api/figures', { what, by }), (r) => renderFigures(r, what, by));
    return view;
  }

  /* What total, change, diff, rate and level mean (README "Figures"). */
  function measuresExplain() {
    return el('details', { class: 'help measures-help', open: true },
      el('summary', { text: t('figuresExplain') }),
      el('dl', { class: 'measures' }, t('measures').map(([k, name, what2]) => [el('dt', null, name, ' ', el('code', { text: k })), el('dd', { text: what2 })])),
      el('p', { text: t('figuresExplainMore') }));
  }

  function renderFigures(r, what, by) {
    const rows = r.rows || [];
    const p = r.pivot || {};
    const frag = document.createDocumentFragment();
    frag.appendChild(el('p', { class: 'summary', role: 'status' },
      el('strong', { text: rows.length ? t('figuresCount', rows.length, what) : t('figuresNone', what) })));
    if (!rows.length) return frag;
    const prow = p.rows || [];
    const pcol = (p.cols || []).map(String);
    const rowHead = p.by === 'year' || by === 'year' ? t('colYear') : t('colProvince');
    const table = el('table', { class: 'data pivot' },
      el('caption', { class: 'sr-only', text: t('figuresCount', rows.length, what) }),
      el('thead', null, el('tr', null,
        el('th', { scope: 'col', text: rowHead }),
        el('th', { scope: 'col', text: t('figuresMeasure') }),
        el('th', { scope: 'col', text: t('figuresUnit') }),
        pcol.map((c) => el('th', { scope: 'col', class: 'num', text: c })))),
      el('tbody', null, prow.map((rk, ri) => el('tr', null,
        el('th', { scope: 'row', text: rowKey(rk) }),
        el('td', { title: (p.measures || [])[ri] || '', text: measureName((p.measures || [])[ri]) }),
        el('td', { text: (p.units || [])[ri] || '' }),
        pcol.map((c, ci) => {
          const v = pivotCell(p, ri, ci);
          return el('td', { class: 'num' + (v === null ? ' empty' : ''), text: v === null ? '–' : String(v) });
        })))));
    frag.appendChild(el('div', { class: 'table-wrap' }, table));
    frag.appendChild(downloads('/api/figures', { what, by }));
    frag.appendChild(measuresExplain());
    frag.appendChild(el('h2', { text: t('figuresChart') }));
    frag.appendChild(el('p', { class: 'muted small', text: t('figuresChartNote') }));
    frag.appendChild(el('div', { class: 'multiples' }, prow.map((rk, ri) => figureChart(p, ri, pcol))));
    frag.appendChild(el('details', { class: 'figure-list' },
      el('summary', { text: t('figuresList') + ' (' + rows.length + ')' }),
      el('ul', null, rows.map((f) => el('li', null,
        el('p', { class: 'meta' },
          el('strong', { text: (typeof f.value === 'number' ? numberText(f.value) : String(f.value)) + (f.unit ? ' ' + f.unit : '') }), ' · ',
          measureName(f.measure), ' · ', f.province || '—', ' · ', f.date || f.year || '', f.stated_period ? ' · ' + f.stated_period : ''),
        el('blockquote', { class: 'sentence' }, markIn(f.sentence || '', f.text)))))));
    return frag;
  }

  /* One small bar chart per pivot row: its values across the columns. */
  function figureChart(p, ri, pcol) {
    const vals = pcol.map((c, ci) => {
      const raw = pivotCell(p, ri, ci);
      return { c, raw, v: cellNumber(raw) };
    });
    const title = rowKey((p.rows || [])[ri]) + ' · ' + measureName((p.measures || [])[ri]) + ' · ' + ((p.units || [])[ri] || '');
    const W = 260;
    const H = 150;
    const top = 22;
    const bottom = 22;
    const max = Math.max(1, ...vals.map((x) => Math.abs(x.v || 0)));
    const bw = Math.min(48, (W - 20) / vals.length - 8);
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', class: 'mini', 'aria-label': title + ': ' + vals.filter((x) => x.raw !== null).map((x) => x.c + ' ' + x.raw).join(', ') });
    s.appendChild(svg('line', { x1: 10, x2: W - 10, y1: H - bottom, y2: H - bottom, stroke: '#888' }));
    vals.forEach((x, i) => {
      const cx = 10 + ((W - 20) / vals.length) * (i + 0.5);
      if (x.v !== null) {
        const h = ((H - top - bottom) * Math.abs(x.v)) / max;
        s.appendChild(svg('rect', { x: cx - bw / 2, y: H - bottom - h, width: bw, height: Math.max(h, 1), fill: '#2f6db5' }));
        s.appendChild(svg('text', { x: cx, y: H - bottom - h - 5, 'text-anchor': 'middle', 'font-size': '12', fill: '#1a1a1a', text: String(x.raw).length > 14 ? String(x.raw).slice(0, 13) + '…' : String(x.raw) }));
      }
      s.appendChild(svg('text', { x: cx, y: H - 6, 'text-anchor': 'middle', 'font-size': '12', fill: '#444', text: x.c }));
    });
    return el('figure', { class: 'mini-fig' }, el('figcaption', { text: title }), s);
  }

  /* ---- trend page --------------------------------------------------------- */

  function viewTrend(params, gen) {
    const q = (params.get('q') || '').trim();
    const by = params.get('by') === 'province' ? 'province' : 'year';
    setTitle(q ? t('trendTitle') + ': ' + q : t('trendTitle'));
    const input = el('input', { id: 'tq', name: 'q', type: 'search', value: q, placeholder: t('trendPlaceholder'), autocomplete: 'off', class: 'qbox' });
    const sel = el('select', { id: 'tby', name: 'by' },
      el('option', { value: 'year', text: t('byYear') }),
      el('option', { value: 'province', text: t('byProvince') }));
    sel.value = by;
    const form = el('form', { class: 'search-form', action: '/trend', method: 'get' },
      el('label', { for: 'tq', class: 'qlabel', text: t('trendLabel') }),
      el('div', { class: 'qrow' }, input, el('button', { type: 'submit', class: 'primary', text: t('trendButton') })),
      el('div', { class: 'qopts' }, el('label', { for: 'tby', text: t('trendBy') + ' ' }), sel));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      navigate(url('/trend', { q: input.value.trim(), by: sel.value }));
    });
    sel.addEventListener('change', () => {
      if (input.value.trim()) form.requestSubmit();
    });
    const view = el('div', { class: 'view view-trend' },
      el('h1', { tabindex: '-1', text: q ? t('trendTitle') + ': ' + q : t('trendTitle') }), form);
    if (!q) return view;
    const body = el('div');
    view.appendChild(body);
    fill(body, gen, () => api('/api/trend', { q, by }), (r) => {
      const rows = r.rows || [];
      const frag = document.createDocumentFragment();
      frag.appendChild(el('p', { class: 'summary', role: 'status' }, el('strong', { text: t('trendCount', r.total || 0) })));
      if (r.relaxed) frag.appendChild(el('p', { class: 'note', text: t('relaxed') }));
      if (!rows.length) {
        frag.appendChild(el('p', { class: 'empty', text: t('trendNone') }));
        return frag;
      }
      frag.appendChild(by === 'year' ? trendColumns(rows, q) : trendChart(rows, q));
      frag.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
        el('thead', null, el('tr', null,
          el('th', { scope: 'col', text: by === 'year' ? t('colYear') : t('colProvince') }),
          el('th', { scope: 'col', class: 'num', text: t('colDocs') }),
          el('th', { scope: 'col', class: 'num', text: t('colPassages') }))),
        el('tbody', null, rows.map((row) => el('tr', null,
          el('th', { scope: 'row' }, link(url('/', { q: q + ' ' + (by === 'year' ? 'year:' + row.value : 'province:' + quoteValue(row.value)) }), String(row.value))),
          el('td', { class: 'num', text: String(row.docs) }),
          el('td', { class: 'num', text: String(row.passages) })))))));
      frag.appendChild(downloads('/api/trend', { q, by }));
      return frag;
    });
    return view;
  }

  /* Horizontal bars, two per row (documents, passages), one shared scale. */
  function trendChart(rows, q) {
    const LABEL = 120;
    const W = 640;
    const BAR = 14;
    const ROW = BAR * 2 + 14;
    const TOP = 30;
    const H = TOP + rows.length * ROW + 6;
    const max = Math.max(1, ...rows.map((r) => Math.max(r.docs || 0, r.passages || 0)));
    const span = W - LABEL - 50;
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', class: 'trend-svg', 'aria-label': t('trendChartLabel', q) });
    /* legend */
    s.appendChild(svg('rect', { x: LABEL, y: 6, width: 14, height: 14, fill: '#2f6db5' }));
    s.appendChild(svg('text', { x: LABEL + 20, y: 18, 'font-size': '13', fill: '#1a1a1a', text: t('colDocs') }));
    s.appendChild(svg('rect', { x: LABEL + 140, y: 6, width: 14, height: 14, fill: '#e08a1e' }));
    s.appendChild(svg('text', { x: LABEL + 160, y: 18, 'font-size': '13', fill: '#1a1a1a', text: t('colPassages') }));
    rows.forEach((r, i) => {
      const y = TOP + i * ROW;
      const label = String(r.value);
      s.appendChild(svg('text', { x: LABEL - 8, y: y + BAR + 4, 'text-anchor': 'end', 'font-size': '13', fill: '#1a1a1a', text: label.length > 16 ? label.slice(0, 15) + '…' : label }));
      const dw = (span * (r.docs || 0)) / max;
      const pw = (span * (r.passages || 0)) / max;
      s.appendChild(svg('rect', { x: LABEL, y, width: Math.max(dw, 1), height: BAR, fill: '#2f6db5' }));
      s.appendChild(svg('text', { x: LABEL + dw + 4, y: y + BAR - 2, 'font-size': '12', fill: '#1a1a1a', text: String(r.docs) }));
      s.appendChild(svg('rect', { x: LABEL, y: y + BAR, width: Math.max(pw, 1), height: BAR, fill: '#e08a1e' }));
      s.appendChild(svg('text', { x: LABEL + pw + 4, y: y + BAR * 2 - 2, 'font-size': '12', fill: '#1a1a1a', text: String(r.passages) }));
    });
    return el('div', { class: 'chart-wrap' }, s);
  }

  /* Columns over the years, two per year (documents, passages), one shared
   * scale: time reads left to right. */
  function trendColumns(rows, q) {
    const COL = 26;
    const GROUP = COL * 2 + 34;
    const LEFT = 10;
    const TOP = 34;
    const BOTTOM = 24;
    const PLOT = 170;
    const W = Math.max(320, LEFT * 2 + rows.length * GROUP);
    const H = TOP + PLOT + BOTTOM;
    const max = Math.max(1, ...rows.map((r) => Math.max(r.docs || 0, r.passages || 0)));
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', class: 'trend-cols', 'aria-label': t('trendChartLabel', q) });
    s.appendChild(svg('rect', { x: LEFT, y: 4, width: 14, height: 14, fill: '#2f6db5' }));
    s.appendChild(svg('text', { x: LEFT + 20, y: 16, 'font-size': '13', fill: '#1a1a1a', text: t('colDocs') }));
    s.appendChild(svg('rect', { x: LEFT + 120, y: 4, width: 14, height: 14, fill: '#e08a1e' }));
    s.appendChild(svg('text', { x: LEFT + 140, y: 16, 'font-size': '13', fill: '#1a1a1a', text: t('colPassages') }));
    s.appendChild(svg('line', { x1: LEFT, x2: W - LEFT, y1: TOP + PLOT, y2: TOP + PLOT, stroke: '#888' }));
    rows.forEach((r, i) => {
      const x = LEFT + i * GROUP + 10;
      [[r.docs || 0, '#2f6db5', 0], [r.passages || 0, '#e08a1e', COL]].forEach(([v, fill, dx]) => {
        const h = (PLOT - 16) * v / max;
        s.appendChild(svg('rect', { x: x + dx, y: TOP + PLOT - h, width: COL, height: Math.max(h, 1), fill }));
        s.appendChild(svg('text', { x: x + dx + COL / 2, y: TOP + PLOT - h - 4, 'text-anchor': 'middle', 'font-size': '11', fill: '#1a1a1a', text: String(v) }));
      });
      s.appendChild(svg('text', { x: x + COL, y: H - 6, 'text-anchor': 'middle', 'font-size': '12', fill: '#333', text: String(r.value) }));
    });
    return el('div', { class: 'chart-wrap' }, s);
  }

  /* ---- index page --------------------------------------------------------- */

  function viewIndex(params, gen) {
    setTitle(t('indexTitle'));
    const view = el('div', { class: 'view view-index' }, el('h1', { tabindex: '-1', text: t('indexTitle') }));
    const body = el('div');
    view.appendChild(body);
    fill(body, gen, () => api('/api/stats'), (s) => {
      const frag = document.createDocumentFragment();
      frag.appendChild(el('dl', { class: 'stats' },
        field(t('statDocuments'), String(s.documents ?? '')),
        field(t('statCitations'), String(s.citations ?? '')),
        field(t('statFigures'), String(s.figures ?? '')),
        field(t('statWarnings'), String(s.warnings ?? '')),
        field(t('statLastUpdate'), s.last_update || ''),
        field(t('statSchema'), String(s.schema ?? ''))));
      const formats = Object.entries(s.formats || {});
      if (formats.length) {
        frag.appendChild(el('h2', { text: t('statFormats') }));
        frag.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'data narrow' },
          el('thead', null, el('tr', null, el('th', { scope: 'col', text: t('statFormat') }), el('th', { scope: 'col', class: 'num', text: t('statCount') }))),
          el('tbody', null, formats.map(([f, n]) => el('tr', null, el('th', { scope: 'row', text: f }), el('td', { class: 'num', text: String(n) })))))));
      }
      frag.appendChild(el('h2', { text: t('statWarningList') }));
      const warns = s.warning_list || [];
      if (!warns.length) frag.appendChild(el('p', { class: 'muted', text: t('statNoWarnings') }));
      else {
        frag.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
          el('thead', null, el('tr', null, el('th', { scope: 'col', text: t('statPath') }), el('th', { scope: 'col', text: t('statMessage') }))),
          el('tbody', null, warns.map((w) => el('tr', null, el('td', { class: 'path', text: w.path || '' }), el('td', { text: w.message || '' })))))));
      }
      return frag;
    });
    return view;
  }

  function viewNotFound() {
    setTitle(t('notFound'));
    return el('div', { class: 'view' }, el('h1', { tabindex: '-1', text: t('notFound') }), el('p', null, link('/', t('backHome'))));
  }

  /* ---- router ------------------------------------------------------------- */

  let renderGen = 0;
  let focusHeading = false; /* the view's h1 arrives with its data: focus it then */
  let rendered = '';

  function setTitle(s) {
    document.title = s + ' — tracuu';
  }

  function routeName(path) {
    if (path === '/' || path === '/search') return 'search';
    if (/^\/doc\/\d+\/?$/.test(path)) return 'doc';
    if (path === '/cite' || path === '/figures' || path === '/trend' || path === '/index') return path.slice(1);
    return '';
  }

  function render(focus) {
    const gen = ++renderGen;
    const loc = new URL(window.location.href);
    rendered = loc.pathname + loc.search;
    const params = loc.searchParams;
    const name = routeName(loc.pathname);
    let view;
    if (name === 'search') view = viewSearch(params, gen);
    else if (name === 'doc') view = viewDoc(loc.pathname.split('/')[2], params, gen);
    else if (name === 'cite') view = viewCite(params, gen);
    else if (name === 'figures') view = viewFigures(params, gen);
    else if (name === 'trend') view = viewTrend(params, gen);
    else if (name === 'index') view = viewIndex(params, gen);
    else view = viewNotFound();
    const main = document.getElementById('main');
    main.replaceChildren(view);
    for (const a of document.querySelectorAll('.nav a')) {
      if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    focusHeading = false;
    if (focus) {
      const h = main.querySelector('h1');
      (h || main).focus({ preventScroll: true });
      focusHeading = !h;
      window.scrollTo(0, 0);
    }
  }

  function navigate(href, replace) {
    const u = new URL(href, window.location.href);
    if (replace) window.history.replaceState(null, '', u.pathname + u.search + u.hash);
    else window.history.pushState(null, '', u.pathname + u.search + u.hash);
    render(true);
  }

  function applyStaticStrings() {
    document.documentElement.lang = lang;
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const e of document.querySelectorAll('[data-i18n-aria]')) e.setAttribute('aria-label', t(e.dataset.i18nAria));
    const btn = document.getElementById('lang');
    btn.textContent = t('langSwitch');
    btn.setAttribute('lang', lang === 'vi' ? 'en' : 'vi');
    btn.setAttribute('aria-label', t('langSwitchLabel'));
  }

  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[data-nav]');
    if (!a) return;
    const href = a.getAttribute('href');
    if (!href) return;
    e.preventDefault();
    navigate(href);
  });

  window.addEventListener('popstate', () => {
    const loc = window.location;
    /* a jump to a passage (#m-3) changes only the fragment: keep the page */
    if (loc.pathname + loc.search === rendered) return;
    render(false);
  });

  function init() {
    setPending(0);
    applyStaticStrings();
    document.getElementById('lang').addEventListener('click', () => {
      lang = lang === 'vi' ? 'en' : 'vi';
      try {
        window.localStorage.setItem(LANG_KEY, lang);
      } catch (e) {
        /* not remembered; still switched */
      }
      applyStaticStrings();
      render(false);
    });
    render(false);
    if (window.location.hash) {
      /* a bookmarked passage: its mark exists once the document has loaded */
      const id = window.location.hash.slice(1);
      const tryScroll = (n) => {
        const m = document.getElementById(id);
        if (m) m.scrollIntoView();
        else if (n > 0) window.setTimeout(() => tryScroll(n - 1), 100);
      };
      tryScroll(30);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
