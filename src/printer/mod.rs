//! Printers: transports, status and the print-queue worker.
