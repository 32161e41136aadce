"""The runner the end-to-end test files share: every test_* function, each with a fresh home.

Not a test file itself (CMake runs tests/cli/test_*.py only); the scripts import it from their folder.
"""
import time
import traceback


def run_tests(namespace, make_home, notes=()):
    """Runs every callable `test_*` in `namespace` (a module's globals()) with a new home, reporting
    each failure and going on. Returns the process exit code: 1 if any test failed."""
    tests = [(name, fn) for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    passed = failed = 0
    started = time.monotonic()
    for name, fn in tests:
        home = make_home()
        try:
            fn(home)
            passed += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
        finally:
            home.close()
    for note in notes:
        print("note:", note)
    print(f"{passed} passed, {failed} failed ({time.monotonic() - started:.1f} s)")
    return 1 if failed else 0
