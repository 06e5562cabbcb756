// Client-side row filter for result tables: <input data-filter-table="tableId">.
document.querySelectorAll("[data-filter-table]").forEach(function (input) {
  const table = document.getElementById(input.dataset.filterTable);
  if (!table) { return; }
  input.addEventListener("input", function () {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    table.querySelectorAll("tbody tr").forEach(function (row) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every(function (word) { return text.includes(word); });
    });
  });
});

// A print button: <button data-print> opens the browser's print dialog (the print stylesheet shapes the page).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
