# The project's own tests (filled in below).
