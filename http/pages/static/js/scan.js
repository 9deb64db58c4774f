// Reads a label's QR code with the camera and opens the page it names, if
// that page is on this site. BarcodeDetector where the browser has it,
// else the vendored jsQR, loaded only when scanning starts.
(function () {
  "use strict";
  var me = document.currentScript;
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("scan");
    var start = document.getElementById("scan-start");
    var video = document.getElementById("scan-video");
    var status = document.getElementById("scan-status");
    if (!box || !start || !video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    var say = function (key) { status.textContent = box.getAttribute("data-" + key) || ""; };
    start.hidden = false;

    // onSite returns the path of a URL on this site, or "".
    function onSite(text) {
      try {
        var u = new URL(text, location.href);
        if (u.origin !== location.origin) return "";
        return u.pathname + u.search;
      } catch (e) {
        return "";
      }
    }

    function found(text) {
      var path = onSite(text);
      if (!path) {
        say("other");
        return false;
      }
      say("opening");
      location.assign(path);
      return true;
    }

    function loadJsQR() {
      return new Promise(function (resolve, reject) {
        if (window.jsQR) return resolve(window.jsQR);
        var s = document.createElement("script");
        s.src = me.getAttribute("data-jsqr");
        s.onload = function () { resolve(window.jsQR); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }

    function decoder() {
      if ("BarcodeDetector" in window) {
        var d = new window.BarcodeDetector({ formats: ["qr_code"] });
        return Promise.resolve(function () {
          return d.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
        });
      }
      return loadJsQR().then(function (jsQR) {
        var canvas = document.createElement("canvas");
        var ctx = canvas.getContext("2d", { willReadFrequently: true });
        return function () {
          var w = video.videoWidth, h = video.videoHeight;
          if (!w || !h) return Promise.resolve("");
          canvas.width = w;
          canvas.height = h;
          ctx.drawImage(video, 0, 0, w, h);
          var code = jsQR(ctx.getImageData(0, 0, w, h).data, w, h);
          return Promise.resolve(code ? code.data : "");
        };
      });
    }

    start.addEventListener("click", function () {
      start.disabled = true;
      say("looking");
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(decoder).then(function (read) {
          var tick = function () {
            read().then(function (text) {
              if (text && found(text)) {
                stream.getTracks().forEach(function (t) { t.stop(); });
                return;
              }
              setTimeout(tick, 200);
            }, function () { setTimeout(tick, 500); });
          };
          tick();
        });
      }).catch(function () {
        start.disabled = false;
        say("nocamera");
      });
    });
  });
})();
