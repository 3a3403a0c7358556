"use strict";
// The photo's focal point (newsletters/photo_admin.py): a click on the picture sets the two
// fraction inputs; typing in them moves the cross.
(function () {
  function setUp(box) {
    const picture = box.querySelector(".focal-point__picture");
    const image = picture.querySelector("img");
    const marker = picture.querySelector(".focal-point__marker");
    const xInput = document.getElementById(box.dataset.xInput);
    const yInput = document.getElementById(box.dataset.yInput);
    if (!xInput || !yInput) {
      return;
    }
    function place() {
      const x = Math.min(1, Math.max(0, parseFloat(xInput.value) || 0.5));
      const y = Math.min(1, Math.max(0, parseFloat(yInput.value) || 0.5));
      marker.style.left = x * 100 + "%";
      marker.style.top = y * 100 + "%";
    }
    image.addEventListener("click", function (event) {
      const rect = image.getBoundingClientRect();
      const x = (event.clientX - rect.left) / rect.width;
      const y = (event.clientY - rect.top) / rect.height;
      xInput.value = Math.min(1, Math.max(0, x)).toFixed(2);
      yInput.value = Math.min(1, Math.max(0, y)).toFixed(2);
      xInput.dispatchEvent(new Event("change", { bubbles: true }));
      place();
    });
    xInput.addEventListener("input", place);
    yInput.addEventListener("input", place);
    place();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-point").forEach(setUp);
  });
})();
