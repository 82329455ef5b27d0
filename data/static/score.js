// Progressive enhancement of a rubric sheet ([data-sheet]): adds up the points
// of the checked choices by part (A/B/C) and overall as the user ticks them,
// and counts the criteria answered. Without JavaScript the page still works:
// the server shows the totals of what was saved.
(function () {
  'use strict';
  var decimalComma = document.documentElement.lang === 'vi';

  function show(points) {
    var s = String(Math.round(points * 100) / 100);
    return decimalComma ? s.replace('.', ',') : s;
  }

  function update(sheet) {
    var parts = {};
    var total = 0;
    var answered = 0;
    sheet.querySelectorAll('input[type=radio][data-points]:checked').forEach(function (input) {
      var points = Number(input.dataset.points) || 0;
      parts[input.dataset.part] = (parts[input.dataset.part] || 0) + points;
      total += points;
      answered += 1;
    });
    sheet.querySelectorAll('[data-part-total]').forEach(function (el) {
      el.textContent = show(parts[el.dataset.partTotal] || 0);
    });
    sheet.querySelectorAll('[data-total]').forEach(function (el) { el.textContent = show(total); });
    sheet.querySelectorAll('[data-answered]').forEach(function (el) { el.textContent = String(answered); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-sheet]').forEach(function (sheet) {
      // A read-only sheet (signed, or not the reader's to edit) keeps the server's totals.
      if (!sheet.querySelector('input[type=radio][data-points]')) return;
      sheet.addEventListener('change', function () { update(sheet); });
      update(sheet);
    });
  });
})();
