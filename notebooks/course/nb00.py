"""Cells of notebook 00 · Start here."""

CELLS = [
    ("md", "title", r"""
# 00 · Start here

**hvlab** — Hyper-V checkpoints, simulated. This notebook explains what the course covers, how
the labs work and how to read what they print.

| | |
|---|---|
| **Objectives** | After this notebook you can: name the topics of notebooks 01–08; run a lab cell and read hvlab's explanation; tell Hyper-V's own words from hvlab's and from hvlab's assumptions; undo and reset a lab. |
| **Prerequisites** | None. You know what a virtual machine (VM) is. |
| **Time** | About 20 minutes. |
"""),
    ("md", "course", r"""
## What this course teaches

Since Windows Server 2016 and Windows 10, Hyper-V has two kinds of checkpoint: the older
**standard checkpoints** and the new **production checkpoints**. The course follows an @IT
article of 2015 about the Windows Server Technical Preview (山市良, "新しいHyper-Vは「チェックポイント」が変わる! vNextに備えよ!")
and its eleven teaching points **A1–A11**. Where Microsoft documents less than a simulator
needs, hvlab follows written rulings **B1–B34**. Each point and ruling has an entry in
[hvlab's reference](../docs/reference.md) that says what it rules, whether Microsoft documents it,
a published observation shows it, or hvlab assumes it, and its sources. Every claim in these
notebooks cites the point or rule it comes from, like this: (A2, B9); click an id to open its entry.

| Notebook | Concept | Points | Time |
|---|---|---|---|
| 00 Start here (this notebook) | how the labs work | — | 20 min |
| [01 Standard vs production checkpoints](01-standard-vs-production.ipynb) | the two kinds, the default, what each holds | A1, A2, A4 | 25 min |
| [02 When production falls back](02-when-production-falls-back.ipynb) | VM state, integration services, guest | A5, A8, B1–B8 | 35 min |
| [03 Inside the disk chain](03-inside-the-disk-chain.ipynb) | VHDX, AVHDX, where writes go, branches | B16, B17, B20 | 30 min |
| [04 Applying checkpoints](04-applying-checkpoints.ipynb) | Off vs Saved, "Create Checkpoint and Apply", automatic checkpoints | A3, B13–B15, B21 | 30 min |
| [05 Deleting checkpoints and merges](05-deleting-and-merging.ipynb) | delete, merge, shared parents, subtrees | B18, B19 | 25 min |
| [06 Consistency](06-consistency.ipynb) | VSS, file-system freeze, SQL Server's writer, backup and Replica | A5–A7, A9, B12 | 25 min |
| [07 Domain controllers](07-domain-controllers.ipynb) | VM-Generation ID, USN rollback, DSRM | A10, A11, B22, B23 | 30 min |
| [08 Review](08-review.ipynb) | mixed scenarios and challenges | all | 55 min (scenarios and self-check 30, challenges 25) |
| [09 Checkpoints at work](09-checkpoints-at-work.ipynb) | export and import, hosts and versions, three incidents | B26–B28, B29, B32, B33 | 25 min |

Every notebook builds its own lab, so you can open any of them first.
"""),
    ("md", "how-labs-work", r"""
## How the labs work

- hvlab **simulates** one Hyper-V host in Python. Nothing here touches a real Hyper-V.
- A `Lab` is reproducible: with the same `seed` you get the same GUIDs, times and results.
- Every operation (start, checkpoint, apply, delete, …) either **succeeds** and tells you what
  happened, or is **refused** with an explanation and changes nothing at all.
- Every successful operation can be **undone** (`lab.undo()`, or the **Undo** button of a
  widget); a widget's **Reset** button takes its lab back to where it began.
- Each notebook follows **predict → act → explain**: a *Predict* box asks a question, the next
  code cell runs it, and the text after it explains. Write your prediction down before you run!
- The interactive labs (widgets) show themselves when they are the last line of a cell. Their
  buttons call the very same operations as the code cells.

Run a cell with **Shift+Enter**. Run the whole notebook with *Run → Restart Kernel and Run All Cells*.
The whole decision matrix (every setting × state × service × guest) is one command away:
`python -m hvlab table --format markdown`.
"""),
    ("code", "setup", r"""
from hvlab import CheckpointType, GuestProfile, HvlabError, Lab, VMState, text

lab = Lab(seed=0)
vm = lab.new_vm("web01")   # a new Windows Server VM, Off, no checkpoints
vm
"""),
    ("md", "predict-first", r"""
> **Predict.** `web01` is Off. If you took a checkpoint now, would it be a production or a
> standard checkpoint? Would it contain the VM's memory?

`preview_checkpoint()` answers without changing anything; `explain()` turns the answer into text.
"""),
    ("code", "first-preview", r"""
print(vm.preview_checkpoint().explain())
"""),
    ("md", "read-preview", r"""
### How to read that

- The first line is the verdict and the reason.
- Each `✔` / `✘` line is one rule, with its id in brackets: `[B8]` is ruling B8 of the reference.
  A checkpoint preview always lists *every* rule that applies, so you see each one that fails.
- `Holds`, `Consistency`, `After Apply` and `Creates` say what the checkpoint would contain and
  which files Hyper-V would create (B9–B11).
- A line naming a point like `(A4)` ties the result to the article's teaching point.
"""),
    ("md", "three-voices", r"""
## Three kinds of text

1. **Hyper-V's own words** — message strings copied verbatim from Microsoft's documentation or
   from observed output, e.g. `Production checkpoint created.` hvlab never invents one; where
   Microsoft's wording is unknown, hvlab says so.
2. **hvlab's explanations** — sentences that say *why*, citing a rule: "the VM is off, so the
   checkpoint holds no memory".
3. **Assumptions** — where Microsoft does not document a behaviour, hvlab had to choose. It
   always says so: the notebooks with the words
   **"Microsoft does not document this; hvlab assumes …"**, the labs' output with one short
   line that begins **"† Assumed by hvlab"**.

The event log keeps them apart: each event has a `source` (Hyper-V, Guest or hvlab) and a
`verbatim` flag that is true only for Microsoft's own text.
"""),
    ("md", "refused", r"""
## When hvlab refuses

> **Predict.** The VM is Off. What happens if the guest tries to write a file?
"""),
    ("code", "refused-write", r"""
try:
    vm.write_file(r"C:\Data\hello.txt", "hello")
except HvlabError as error:
    print(error)
"""),
    ("md", "refused-explain", r"""
A refused operation raises an `HvlabError` whose text is what a learner should read: first any
lines real Hyper-V would print, then hvlab's explanation. The lab is exactly as it was before.
The widgets show the same text instead of a traceback.
"""),
    ("md", "undo-title", r"""
## Undo and Reset

Start the VM, let the guest finish booting, write a file — then take the write back.
"""),
    ("code", "undo", r"""
print(vm.start())
print(vm.complete_boot())
print(vm.write_file(r"C:\Data\hello.txt", "hello"))
lab.undo()                                   # takes back the last operation: the write
print(text("notebook.after_undo", file=vm.read_file(r"C:\Data\hello.txt"), state=vm.state.hyperv_display))
"""),
    ("code", "event-log", r"""
lab.undo()                                   # and the boot, and the start
lab.undo()
print(text("notebook.after_two_undos", state=vm.state.hyperv_display))
for event in vm.events:
    print(event)
"""),
    ("md", "widgets", r"""
## An interactive lab

The **checkpoint type explorer** lets you change the checkpoint setting, the VM state, the
integration services and the guest, and shows at once what a checkpoint would be and why.
Click a few controls. (In a static copy of this notebook the widget is not shown; the printed
cells above carry the same lesson.)
"""),
    ("code", "explorer", r"""
from hvlab.widgets import CheckpointTypeExplorer

CheckpointTypeExplorer()
"""),
    ("md", "language", r"""
## Language of the messages

The messages hvlab prints come from a message catalog, one per language.
`hvlab.catalog.available_languages()` lists the catalogs installed with this copy of hvlab, and
`hvlab.set_language(code)` switches every later message to one of them: English (`"en"`) and
Japanese (`"ja"`) today. The default follows the `HVLAB_LANG` or `LANG` environment variable.
These notebooks' own text is in English; the same course in Japanese is in
[`notebooks/ja/`](ja/00-start-here.ipynb) (日本語版はこちら).
"""),
    ("code", "languages", r"""
import hvlab

hvlab.catalog.available_languages()
"""),
    ("md", "check-title", r"""
## Knowledge check

Answer each question in your head (or on paper), then open the answer.

1. You ran `vm.preview_checkpoint()`. How many checkpoints does the VM have now?
   <details><summary>Answer</summary>As many as before: a preview changes nothing. Only
   <code>vm.checkpoint()</code> creates one.</details>
2. An operation is refused with an `HvlabError`. What did it change in the lab?
   <details><summary>Answer</summary>Nothing. Every operation is atomic: refused means the lab
   is exactly as it was.</details>
3. A line under a result begins "† Assumed by hvlab (Microsoft does not document it): …". What
   does that tell you?
   <details><summary>Answer</summary>That real Hyper-V may behave differently: the behaviour is
   not documented, and hvlab follows a written ruling so that the lab is predictable.</details>
4. In the event log, which lines are Hyper-V's own words?
   <details><summary>Answer</summary>Those with <code>verbatim</code> set (source Hyper-V or
   Guest); every other line is hvlab narrating.</details>

From notebook 01 on, each notebook ends with an interactive self-check (`SelfCheck`) whose
answers are recorded for your trainer.
"""),
    ("md", "progress-title", r"""
## Your progress

Working on your own? This table shows which notebooks you have done, how many self-check
questions you answered and which challenges you solved. It is kept in a file in your home
folder, so it is still there after a kernel restart or the next day. Tick a notebook as done
yourself, or let the self-checks and challenges fill it in; press **Refresh** to see the latest.
"""),
    ("code", "progress", r"""
from hvlab.widgets import ProgressView

ProgressView()
"""),
    ("md", "summary", r"""
## Summary

- hvlab simulates a Hyper-V host; every operation succeeds and reports, or is refused and changes nothing.
- `vm.preview_checkpoint().explain()` predicts a checkpoint rule by rule, without taking it.
- Hyper-V's own words, hvlab's explanations and hvlab's assumptions ("Microsoft does not
  document this; hvlab assumes …") are always kept apart.
- `lab.undo()` (and Undo / Reset in the widgets) make experiments cheap.

**Next:** [01 · Standard vs production checkpoints](01-standard-vs-production.ipynb).
"""),
]
