"""Reading signed SOP AP documents (PDF) back into the portal's structure.

``reader.read_pdf`` is pure: bytes in, an ``ImportResult`` out, no queries. ``sandbox`` runs it in
a child process with limits on time and memory; ``digitise.batches.import_file_process`` turns a
result into a draft SOP.
"""
