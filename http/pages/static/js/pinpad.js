// The on-screen digits type into the PIN field next to them, for gloved
// fingers; without this script the field takes the phone's own keypad.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.pinpad").forEach(function (form) {
    var input = form.querySelector("input[name=pin]");
    var digits = form.querySelector(".digits");
    if (!input || !digits) return;
    digits.hidden = false;
    digits.addEventListener("click", function (e) {
      var b = e.target.closest("[data-digit]");
      if (!b) return;
      var d = b.getAttribute("data-digit");
      if (d === "clear") input.value = "";
      else if (input.value.length < 12) input.value += d;
    });
  });
});
