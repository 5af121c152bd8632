"""`gofixleaks bot`: open, and keep current, one verified PR per bot branch.

The lifecycle is split in two stages so that `gofixleaks batch` reuses both:

``prepare(...)``  local only (no forge call, no push): from a clean work tree
    at the base branch's head, run --fix --verify per module (split) or for the
    whole tree, and commit the verified fixes on a local branch per unit.
    Returns one ``Prepared`` per unit (module dir, branch, base sha, commit sha
    or None when nothing is left to fix, tree sha, findings, verify report,
    rendered title/body with the hidden metadata block).

``publish(...)``  the forge and the remote: find the open PR by head branch;
    nothing to fix -> close it with a comment and delete the branch; otherwise
    push (nothing when the remote branch already holds this tree;
    --force-with-lease against the sha last seen; on top of a person's commits,
    never discarding them), then update the PR or create it.  Idempotent:
    creating and updating give the same result, and a rerun changes nothing.
"""
