"""gofixleaks: find Go code that leaks memory, goroutines or OS resources, and fix it safely."""

__version__ = "0.1.0"
