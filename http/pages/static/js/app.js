// setsafe's own script. Every page works without it; it only saves taps.
"use strict";
document.addEventListener("change", (e) => {
  // A choice that takes effect at once, such as the language.
  const el = e.target;
  if (el.matches("select[data-autosubmit]") && el.form) el.form.requestSubmit();
});
