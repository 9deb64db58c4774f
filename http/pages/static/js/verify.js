// Checks a ledger entry's proof in the browser, trusting nothing the server
// computed: the leaf hash is recomputed from the entry's bytes
// (SHA-256(0x00 || entry)), the RFC 6962 root from the inclusion proof, and
// the checkpoint's Ed25519 signature against the verifier key, all with
// WebCrypto. The data comes from the page's <script type="application/json"
// id="proof-data">, read when the button is pressed.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("verify");
  var button = document.getElementById("verify-button");
  var out = document.getElementById("verify-result");
  var source = document.getElementById("proof-data");
  if (!box || !button || !out || !source) return;
  var say = function (key) { return box.getAttribute("data-t-" + key) || key; };
  button.hidden = false;

  function bytes(b64) {
    var s = atob(b64);
    var b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  function concat() {
    var n = 0, i;
    for (i = 0; i < arguments.length; i++) n += arguments[i].length;
    var b = new Uint8Array(n), at = 0;
    for (i = 0; i < arguments.length; i++) { b.set(arguments[i], at); at += arguments[i].length; }
    return b;
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  function sha256(b) {
    return crypto.subtle.digest("SHA-256", b).then(function (h) { return new Uint8Array(h); });
  }
  var leafPrefix = new Uint8Array([0]), nodePrefix = new Uint8Array([1]);

  // rootFromProof computes the root of a tree of size leaves from the leaf
  // hash at index and its inclusion proof (RFC 9162, section 2.1.3.2).
  function rootFromProof(index, size, leaf, proof) {
    if (index >= size) return Promise.reject(new Error("leaf index beyond the tree"));
    var fn = index, sn = size - 1, r = Promise.resolve(leaf);
    proof.forEach(function (p) {
      r = r.then(function (h) {
        if (sn === 0) throw new Error("proof too long");
        var next;
        if (fn % 2 === 1 || fn === sn) {
          next = sha256(concat(nodePrefix, p, h));
          if (fn % 2 === 0) {
            while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
          }
        } else {
          next = sha256(concat(nodePrefix, h, p));
        }
        fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
        return next;
      });
    });
    return r.then(function (h) {
      if (sn !== 0) throw new Error("proof too short");
      return h;
    });
  }

  // entryHeader reads the ledger ID and sequence number from an entry's
  // bytes (format 1: u8 format, u16 length, ledger, u64 seq).
  function entryHeader(b) {
    if (b.length < 11 || b[0] !== 1) return null;
    var n = b[1] * 256 + b[2];
    if (b.length < 3 + n + 8) return null;
    var ledger = new TextDecoder().decode(b.subarray(3, 3 + n));
    var seq = 0;
    for (var i = 0; i < 8; i++) seq = seq * 256 + b[3 + n + i];
    return { ledger: ledger, seq: seq };
  }

  // parseNote splits a signed note into its text and signatures.
  function parseNote(note) {
    var cut = note.lastIndexOf("\n\n");
    if (cut < 0) return null;
    var sigs = [];
    note.slice(cut + 2).split("\n").forEach(function (line) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (m) sigs.push({ name: m[1], sig: bytes(m[2]) });
    });
    return { text: note.slice(0, cut + 1), sigs: sigs };
  }

  // checkSignature verifies the note's Ed25519 signature with the verifier
  // key ("NAME+HASH+BASE64(0x01 || key)"). It resolves to true or false, or
  // rejects with "nosig" when the browser has no Ed25519.
  function checkSignature(key, note) {
    // The key's base64 part may itself hold "+": split at the first two.
    var k = key.trim(), a = k.indexOf("+"), b = k.indexOf("+", a + 1);
    if (a < 1 || b < 0) return Promise.resolve(false);
    var parts = [k.slice(0, a), k.slice(a + 1, b), k.slice(b + 1)];
    var name = parts[0], raw = bytes(parts[2]);
    if (raw.length !== 33 || raw[0] !== 1) return Promise.resolve(false);
    var pub = raw.subarray(1);
    var enc = new TextEncoder();
    return sha256(concat(enc.encode(name + "\n"), raw)).then(function (h) {
      var hex = Array.prototype.map.call(h.subarray(0, 4), function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
      if (hex !== parts[1]) return false;
      var sig = null;
      note.sigs.forEach(function (s) {
        if (s.name === name && s.sig.length === 68 && equal(s.sig.subarray(0, 4), h.subarray(0, 4))) sig = s.sig.subarray(4);
      });
      if (!sig) return false;
      return crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]).then(function (k) {
        return crypto.subtle.verify({ name: "Ed25519" }, k, sig, enc.encode(note.text));
      }, function () { throw new Error("nosig"); });
    });
  }

  function show(results, unable) {
    var ok = !unable && results.every(function (r) { return r.ok; });
    out.textContent = "";
    out.className = ok ? "verified" : "unverified";
    var head = document.createElement("p");
    head.className = "verdict " + (ok ? "go" : "nogo");
    var strong = document.createElement("strong");
    strong.textContent = ok ? say("verified") : say("failed");
    head.appendChild(strong);
    out.appendChild(head);
    var list = document.createElement("ul");
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = r.ok ? "passed" : "failed";
      li.textContent = (r.ok ? say("passed") : say("not")) + " " + say(r.key);
      list.appendChild(li);
    });
    if (unable) {
      var li = document.createElement("li");
      li.className = "failed";
      li.textContent = say(unable);
      list.appendChild(li);
    }
    out.appendChild(list);
  }

  button.addEventListener("click", function () {
    out.className = "";
    out.textContent = say("working");
    if (!window.crypto || !crypto.subtle) { show([], "nocrypto"); return; }
    var d, results = [];
    try {
      d = JSON.parse(source.textContent);
    } catch (e) {
      show([{ key: "entry", ok: false }]);
      return;
    }
    var run = Promise.resolve().then(function () {
      var entry = bytes(d.entry);
      var header = entryHeader(entry);
      results.push({ key: "entry", ok: !!header && header.ledger === d.ledger && header.seq === d.seq });
      return sha256(concat(leafPrefix, entry)).then(function (leaf) {
        results.push({ key: "leaf", ok: equal(leaf, bytes(d.leaf_hash)) });
        return rootFromProof(d.seq - 1, d.tree_size, leaf, (d.proof || []).map(bytes)).catch(function () { return null; });
      });
    }).then(function (root) {
      var note = parseNote(d.checkpoint);
      var lines = note ? note.text.split("\n") : [];
      var keyName = String(d.verifier_key).split("+")[0];
      var signedRoot = lines.length >= 3 ? bytes(lines[2]) : new Uint8Array(0);
      results.push({ key: "root", ok: !!root && equal(root, signedRoot) });
      results.push({ key: "size", ok: lines[0] === keyName + "/" + d.ledger && lines[1] === String(d.tree_size) });
      if (!note) { results.push({ key: "signature", ok: false }); return; }
      return checkSignature(d.verifier_key, note).then(function (ok) {
        results.push({ key: "signature", ok: ok });
      });
    });
    run.then(function () { show(results); }, function (e) {
      if (e && e.message === "nosig") { show(results, "nosig"); return; }
      results.push({ key: "signature", ok: false });
      show(results);
    });
  });
});
