// Starts the embed's module (wasm-bindgen's no-modules loader, embed.js, defines wasm_bindgen).
wasm_bindgen();
