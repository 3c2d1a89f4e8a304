/* fundcheck draw verification in the browser: RFC 3797 selection and the eligible list's SHA-256.
 * Self-contained: MD5 and SHA-256 are written out here (crypto.subtle is not available on file://
 * pages in every browser). Exported for Node when loaded as a module (tests); in a page it reads
 * the JSON block #draw-data and fills in #verdict and #picks. */
"use strict";

function utf8(text) {
  // UTF-8 bytes of a JS (UTF-16) string; surrogate pairs become one 4-byte sequence.
  var out = [];
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      var d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

function hex(bytes) {
  var s = "";
  for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return s;
}

var MD5_S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10,
  15, 21, 6, 10, 15, 21];
var MD5_K = [];
for (var t = 0; t < 64; t++) MD5_K.push(Math.floor(Math.abs(Math.sin(t + 1)) * 4294967296) >>> 0);

function md5(bytes) {
  // RFC 1321; returns the 16-byte digest as an array.
  var msg = bytes.slice(), bitLength = bytes.length * 8;
  msg.push(0x80);
  while (msg.length % 64 !== 56) msg.push(0);
  for (var b = 0; b < 8; b++) msg.push(b < 4 ? (bitLength >>> (8 * b)) & 255 : Math.floor(bitLength / 4294967296 / Math.pow(256, b - 4)) & 255);
  var a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  for (var off = 0; off < msg.length; off += 64) {
    var m = [];
    for (var w = 0; w < 16; w++) m.push(msg[off + 4 * w] | (msg[off + 4 * w + 1] << 8) | (msg[off + 4 * w + 2] << 16) | (msg[off + 4 * w + 3] << 24));
    var A = a0, B = b0, C = c0, D = d0;
    for (var i = 0; i < 64; i++) {
      var F, g;
      if (i < 16) { F = (B & C) | (~B & D); g = i; }
      else if (i < 32) { F = (D & B) | (~D & C); g = (5 * i + 1) % 16; }
      else if (i < 48) { F = B ^ C ^ D; g = (3 * i + 5) % 16; }
      else { F = C ^ (B | ~D); g = (7 * i) % 16; }
      F = (F + A + MD5_K[i] + m[g]) | 0;
      A = D; D = C; C = B;
      B = (B + ((F << MD5_S[i]) | (F >>> (32 - MD5_S[i])))) | 0;
    }
    a0 = (a0 + A) | 0; b0 = (b0 + B) | 0; c0 = (c0 + C) | 0; d0 = (d0 + D) | 0;
  }
  var out = [];
  [a0, b0, c0, d0].forEach(function (v) { for (var k = 0; k < 4; k++) out.push((v >>> (8 * k)) & 255); });
  return out;
}

var SHA_K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1,
  0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
  0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3,
  0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
  0xbef9a3f7, 0xc67178f2];

function sha256(bytes) {
  // FIPS 180-4; returns the 32-byte digest as an array.
  var msg = bytes.slice(), bitLength = bytes.length * 8;
  msg.push(0x80);
  while (msg.length % 64 !== 56) msg.push(0);
  for (var b = 7; b >= 0; b--) msg.push(b < 4 ? (bitLength >>> (8 * b)) & 255 : Math.floor(bitLength / 4294967296 / Math.pow(256, b - 4)) & 255);
  var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  for (var off = 0; off < msg.length; off += 64) {
    var w = [];
    for (var i = 0; i < 64; i++) {
      if (i < 16) w.push((msg[off + 4 * i] << 24) | (msg[off + 4 * i + 1] << 16) | (msg[off + 4 * i + 2] << 8) | msg[off + 4 * i + 3]);
      else {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w.push((w[i - 16] + s0 + w[i - 7] + s1) | 0);
      }
    }
    var a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (var j = 0; j < 64; j++) {
      var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA_K[j] + w[j]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h = [h[0] + a, h[1] + bb, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + hh].map(function (v) { return v | 0; });
  }
  var out = [];
  h.forEach(function (v) { for (var k = 3; k >= 0; k--) out.push((v >>> (8 * k)) & 255); });
  return out;
}

function pyJsonString(text) {
  // As Python's json.dumps(ensure_ascii=False): escape " \ and control characters only.
  var named = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
  var out = '"';
  for (var i = 0; i < text.length; i++) {
    var ch = text.charAt(i), code = text.charCodeAt(i);
    if (named[ch]) out += named[ch];
    else if (code < 0x20) out += "\\u" + ("000" + code.toString(16)).slice(-4);
    else out += ch;
  }
  return out + '"';
}

function canonicalIds(ids) {
  // json.dumps(ids, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for a list of strings.
  return "[" + ids.map(pyJsonString).join(",") + "]";
}

function keyString(sources) {
  // RFC 3797 §4: each source's numbers sorted ascending, "n." each, "/" after each source.
  return sources.map(function (source) {
    var numbers = source.numbers.map(function (n) { return BigInt(n); });
    numbers.sort(function (x, y) { return x < y ? -1 : x > y ? 1 : 0; });
    return numbers.map(function (n) { return n.toString() + "."; }).join("") + "/";
  }).join("");
}

function select(items, count, key) {
  // Pick i hashes MD5(i as 2 bytes || key || i as 2 bytes); the 128-bit big-endian digest modulo the
  // number remaining is the position among the remaining items, in published order.
  var remaining = items.slice(), picks = [], keyBytes = utf8(key);
  for (var i = 0; i < count && remaining.length; i++) {
    var prefix = [(i >> 8) & 255, i & 255];
    var digest = md5(prefix.concat(keyBytes, prefix));
    var divisor = remaining.length;
    var remainder = Number(BigInt("0x" + hex(digest)) % BigInt(divisor));
    picks.push({ pick: i, md5: hex(digest).toUpperCase(), divisor: divisor, remainder: remainder,
      expert_id: remaining.splice(remainder, 1)[0] });
  }
  return picks;
}

function compareCodePoints(a, b) {
  // Python's str order (code points), not JavaScript's (UTF-16 units): they differ past U+FFFF.
  var x = Array.from(String(a)), y = Array.from(String(b));
  for (var i = 0; i < Math.min(x.length, y.length); i++) {
    var d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

function firstDifference(label, recorded, derived) {
  for (var i = 0; i < Math.min(recorded.length, derived.length); i++) {
    if (recorded[i] !== derived[i]) return label + "第 " + (i + 1) + " 位：记录为 " + recorded[i] + "，复算为 " + derived[i];
  }
  if (recorded.length !== derived.length) return label + "人数：记录 " + recorded.length + " 人，复算 " + derived.length + " 人";
  return "";
}

function verify(data) {
  // {status: match | mismatch | refused, message, picks, key, eligibleSha256, panel}
  var result = { status: "mismatch", message: "", picks: [], key: "", eligibleSha256: "", panel: [] };
  var seed = data.seed || {};
  if (seed.kind !== "public_sources" || seed.publicly_verifiable !== true) {
    result.status = "refused";
    result.message = "本次抽取以本机生成的秘密值为种子，不是事先指定的公开随机数：不可公开验证，本页不作复核。";
    return result;
  }
  if ((data.algorithm || {}).name !== "rfc3797-md5/v1") {
    result.message = "记录所称的算法「" + (data.algorithm || {}).name + "」不是本页能复算的 IETF RFC 3797 第 4 节的抽取方法（MD5）。";
    return result;
  }
  var eligible = data.eligible || [];
  result.eligibleSha256 = hex(sha256(utf8(canonicalIds(eligible))));
  if (result.eligibleSha256 !== data.eligible_sha256) {
    result.message = "可抽取名单的 SHA-256 与记录不符：复算 " + result.eligibleSha256 + "，记录 " + data.eligible_sha256 + "。";
    return result;
  }
  var candidates = data.candidates || [];
  for (var c = 1; c < candidates.length; c++) {
    if (compareCodePoints(candidates[c - 1], candidates[c]) >= 0) {
      result.message = "在库专家名单第 " + (c + 1) + " 位 " + candidates[c] + " 排在 " + candidates[c - 1] +
        " 之后，不是按专家编号排序的规范顺序：名单顺序须在随机数公布前固定，本记录的顺序无法证明这一点。";
      return result;
    }
  }
  var excluded = {};
  (data.exclusions || []).forEach(function (item) { excluded[item.expert_id] = true; });
  var rest = (data.candidates || []).filter(function (id) { return !excluded[id]; });
  var problem = firstDifference("可抽取名单（在库专家减去回避）", eligible, rest);
  if (problem) { result.message = problem + "。"; return result; }
  result.key = keyString(seed.sources || []);
  if (result.key !== seed.key) {
    result.message = "由公开号码复算的密钥串 " + result.key + " 与记录的 " + seed.key + " 不符。";
    return result;
  }
  result.picks = select(eligible, data.panel_size + data.alternates_count, result.key);
  var ids = result.picks.map(function (p) { return p.expert_id; });
  problem = firstDifference("正选名单", data.panel, ids.slice(0, data.panel_size))
    || firstDifference("候补名单", data.alternates, ids.slice(data.panel_size));
  if (!problem) {
    (data.sequence || []).some(function (item, i) {
      var p = result.picks[i] || {};
      if (item.md5 !== p.md5 || item.divisor !== p.divisor || item.remainder !== p.remainder || item.expert_id !== p.expert_id) {
        problem = "抽取序列第 " + (i + 1) + " 步：记录 MD5 " + item.md5 + "，复算 " + p.md5;
        return true;
      }
      return false;
    });
  }
  if (!problem) {
    var panel = data.panel.slice(), unused = data.alternates.slice();
    (data.substitutions || []).some(function (item, i) {
      var at = panel.indexOf(item.replaced);
      if (at < 0 || unused[0] !== item.by) {
        problem = "第 " + (i + 1) + " 次替换应由下一位未用候补 " + (unused[0] || "（无）") + " 顶替 " + item.replaced + "，记录为 " + item.by;
        return true;
      }
      panel[at] = unused.shift();
      return false;
    });
    result.panel = panel;
  }
  if (problem) { result.message = problem + "。"; return result; }
  result.status = "match";
  result.message = "正选名单、候补名单与每一步抽取均与按 RFC 3797 公开复算的结果相同，可抽取名单的 SHA-256 一致。";
  return result;
}

function cell(row, text, ok) {
  var td = document.createElement("td");
  td.textContent = text;
  if (ok === false) td.className = "bad";
  row.appendChild(td);
}

function show() {
  var data = JSON.parse(document.getElementById("draw-data").textContent);
  var result;
  try { result = verify(data); } catch (error) { result = { status: "mismatch", message: "记录无法复算：" + error, picks: [] }; }
  var box = document.getElementById("verdict");
  var words = { match: "一致", mismatch: "不一致", refused: "不可公开验证" };
  box.setAttribute("data-status", result.status);
  box.className = "verdict " + result.status;
  box.textContent = words[result.status] + "：" + result.message;
  document.getElementById("computed-key").textContent = result.key || "—";
  document.getElementById("computed-sha").textContent = result.eligibleSha256 || "—";
  document.getElementById("computed-panel").textContent = (result.panel || []).join("、") || "—";
  var body = document.getElementById("picks");
  result.picks.forEach(function (p, i) {
    var recorded = i < data.panel.length ? data.panel[i] : data.alternates[i - data.panel.length];
    var row = document.createElement("tr");
    cell(row, String(i + 1));
    cell(row, i < data.panel_size ? "正选" : "候补");
    cell(row, p.md5);
    cell(row, String(p.divisor));
    cell(row, String(p.remainder));
    cell(row, p.expert_id);
    cell(row, recorded === undefined ? "—" : recorded, recorded === p.expert_id);
    body.appendChild(row);
  });
}

if (typeof module !== "undefined" && module.exports) {
  module.exports = { utf8: utf8, hex: hex, md5: md5, sha256: sha256, canonicalIds: canonicalIds, keyString: keyString,
    select: select, verify: verify };
} else if (typeof document !== "undefined") {
  show();
}
