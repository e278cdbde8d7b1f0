// Renders a ZPL file to PNG with zpl-renderer-js (a WebAssembly build of the Zebrash ZPL
// renderer): an independent, offline ZPL interpreter for the label tests.
// Usage: node zpl_render.cjs IN.zpl OUT.png WIDTH_MM HEIGHT_MM DOTS_PER_MM
const fs = require("node:fs");
let renderer;
try {
  renderer = require("zpl-renderer-js");
} catch (err) {
  console.error("MISSING: zpl-renderer-js. Install with: npm ci --prefix tests/tools");
  process.exit(3);
}
(async () => {
  const [, , inFile, outFile, widthMm, heightMm, dotsPerMm] = process.argv;
  const zpl = fs.readFileSync(inFile, "utf8");
  const { api } = await renderer.ready;
  const png = await api.zplToBase64Async(zpl, Number(widthMm), Number(heightMm), Number(dotsPerMm));
  fs.writeFileSync(outFile, Buffer.from(png, "base64"));
  process.exit(0);
})().catch((err) => {
  console.error(String(err));
  process.exit(1);
});
