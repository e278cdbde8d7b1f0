//! GS1 data: the AI table generated from the GS1 Barcode Syntax Dictionary, linters,
//! element strings, bracketed HRI and Digital Link URIs. Pure: no IO, no clock.
