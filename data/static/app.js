// Progressive enhancement: a province <select> with data-communes="ID" fills
// the commune <select> ID with that province's communes. Without JavaScript
// the form still works (the server renders the communes of the chosen province).
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('select[data-communes]').forEach(function (province) {
    province.addEventListener('change', function () {
      var target = document.getElementById(province.dataset.communes);
      if (!target) return;
      var keepFirst = target.options.length > 0 && target.options[0].value === '' ? target.options[0] : null;
      target.innerHTML = '';
      if (keepFirst) target.appendChild(keepFirst);
      if (!province.value) return;
      fetch('/api/v1/geo/provinces/' + encodeURIComponent(province.value) + '/communes')
        .then(function (r) { return r.json(); })
        .then(function (body) {
          (body.items || []).forEach(function (c) {
            var o = document.createElement('option');
            o.value = c.code;
            o.textContent = c.name;
            target.appendChild(o);
          });
        });
    });
  });
});
