// The on-screen digits type into the PIN field next to them, for gloved
// fingers; without this script the field takes the phone's own keypad.
// A pad with several turns (a hand-off's giver, then its receiver) shows
// one person's field at a time: Confirm passes the pad to the next person,
// and sends the form after the last. The PINs stay in the form until then.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.pinpad").forEach(function (form) {
    var turns = Array.prototype.slice.call(form.querySelectorAll(".pin-turn"));
    var digits = form.querySelector(".digits");
    if (turns.length === 0 || !digits) return;
    var at = 0;
    function show() {
      turns.forEach(function (t, i) {
        t.hidden = i !== at;
        // Only the field on show is required, or the browser would refuse
        // to pass the pad on for an empty field it hides.
        t.querySelector("input.pin").required = i === at;
      });
      var input = turns[at].querySelector("input.pin");
      if (input) input.focus();
    }
    function input() { return turns[at].querySelector("input.pin"); }
    digits.hidden = false;
    show();
    digits.addEventListener("click", function (e) {
      var b = e.target.closest("[data-digit]");
      if (!b) return;
      var d = b.getAttribute("data-digit");
      var i = input();
      if (d === "clear") i.value = "";
      else if (i.value.length < 12) i.value += d;
    });
    form.addEventListener("submit", function (e) {
      if (at < turns.length - 1) {
        e.preventDefault();
        if (!input().value) return;
        at++;
        show();
      }
    });
  });
});
