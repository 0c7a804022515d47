"""Japanese text of notebook 04 · チェックポイントの適用 (code: ``notebooks/course/nb04.py``)."""

MARKDOWN = {
    "title": r"""
# 04 · チェックポイントの適用

| | |
|---|---|
| **目標** | このノートブックを終えると、次のことができます: 運用チェックポイント (オフ、A3, B13) と標準チェックポイント (保存済み、B14) を適用した直後の VM の状態を予想する。それぞれの場合に次の起動で何が起きるかを述べる。"Create Checkpoint and Apply" と "Apply" を使い分ける (B15)。適用がディスク チェーンに何をするかを説明する (B16)。 |
| **前提** | なし。ノートブック 01 (それぞれに含まれるもの) と 03 (ディスク チェーン) を先に学ぶと理解しやすくなります。 |
| **所要時間** | 約 25 分 |
| **ポイント** | A3 · 裁定 B13～B16 |

*English version: [../04-applying-checkpoints.ipynb](../04-applying-checkpoints.ipynb)*
""",
    "b15-dialog": r"""
## 1. [適用] のダイアログ (B15)

Hyper-V マネージャーでチェックポイントを右クリック → **[適用]** (Apply...)。表示されるダイアログは次のとおりです
(SHOT-APPLY。確認できたのは英語版の画面なので、英語のまま示します):

> **Apply Checkpoint**
>
> Are you sure you want to apply the selected checkpoint?<br>
> The virtual machine's current state will be lost.
>
> `Create Checkpoint and Apply` &nbsp; `Apply` &nbsp; `Cancel`

(選択したチェックポイントを適用してよいかの確認と、「仮想マシンの現在の状態は失われます」という警告です。)

- **Create Checkpoint and Apply** (チェックポイントを作成して適用): "Creates a new checkpoint of the virtual machine
  before it applies the earlier checkpoint." (前のチェックポイントを適用する前に、仮想マシンの新しいチェックポイントを作成する)
- **Apply** (適用): "Applies only the checkpoint that you have chosen. You cannot undo this action."
  (選んだチェックポイントだけを適用する。この操作は元に戻せない) (USING)

PowerShell: `Restore-VMCheckpoint -Name <checkpoint name> -VMName <VMName> -Confirm:$false`。
""",
    "a3-setup": r"""
## 2. 運用チェックポイントの適用 (A3, B13)

実行中の Windows VM で、メモ帳を開き、文書を保存してあります。**運用** チェックポイント (既定の設定) を作成し、
その後も作業を続けます。
""",
    "a3-predict": r"""
> **予想。** チェックポイント `production` を適用します (通常の "Apply")。
> 1. 適用した直後、VM はどの状態でしょう。
> 2. 起動すると、メモ帳は開いているでしょうか。`plan.txt` はあるでしょうか。`later.txt` は?
""",
    "a3-explain": r"""
### 解説

運用チェックポイントには実行中の状態が含まれないので、適用しても実行中の状態を復元することはできません。VM は
**オフ** になり、次の起動は整合性のとれたディスクからの **通常の (コールド) ブート** です (A3, B13)。
Microsoft の手順の説明にも "Once the production checkpoint has been applied, noticed that the
virtual machine is in an off state." (運用チェックポイントを適用すると、仮想マシンがオフの状態になっていることが
わかる) とあります。ファイルは残っていますが、メモ帳は開いていません (USING)。このとき仮想マシン接続には
`The virtual machine '<name>' is turned off` と表示されます。

`later.txt` は消えています。チェックポイントの後に書き込まれたもので、"Apply" が現在の状態を破棄したからです。
""",
    "b14-setup": r"""
## 3. 標準チェックポイントの適用 (B14)

同じ VM でもう一度メモ帳を開き、今度は **標準** チェックポイントを作成します。

> **予想。** 適用後の状態は? 起動後にメモ帳は開いているでしょうか。
""",
    "b14-explain": r"""
### 解説

実行中の VM の標準チェックポイントにはメモリとデバイスの状態が含まれるので、適用すると実行中の状態がそのまま
復元されます。起動すると、メモ帳が開いたままの状態から **再開** します。"the system is in the exact
state that it was when the checkpoint was created" (システムはチェックポイント作成時とまったく同じ状態になる)
(USING, B14)。Microsoft はこれを文書化していません。hvlab は次のように仮定しています: メモリを含む標準
チェックポイントを適用した VM は **保存済み** になり、起動すると元の状態から再開する (B14)。保存済みまたは
一時停止のときに作成した標準チェックポイントにも、同じ状態表示を仮定しています。

**オフ** の VM の標準チェックポイントにはメモリが含まれないので、適用後の VM は **オフ** です (B14)。

| 適用したチェックポイント | 適用後の VM | 次の起動 |
|---|---|---|
| 運用 | オフ | 整合性のとれたディスクからのコールド ブート (A3, B13) |
| 標準 (実行中に作成) | 保存済み *(仮定した状態表示)* | 再開し、アプリケーションは開いたまま (B14) |
| 標準 (オフのときに作成) | オフ | コールド ブート (B14) |
""",
    "b15-predict": r"""
## 4. "Apply" か "Create Checkpoint and Apply" か (B15, B16)

ゲストが大切なファイルを書き込みます。その後、誰かが `production` を適用します。

> **予想。** 通常の **Apply** では、ファイルを取り戻せるでしょうか。**Create Checkpoint and Apply** では?
""",
    "b15-explain": r"""
### 解説

通常の **Apply** は現在の状態を捨ててしまいます。「現在」が書き込んでいたディスクは破棄され、Hyper-V には元に戻す
方法がありません ("You cannot undo this action."、B15)。**Create Checkpoint and Apply** は、先に現在の状態の
チェックポイントを作成します。ここでは設定がいま `Standard` なので標準チェックポイントです。後でそれを適用すれば、
元の状態に戻れます。

ディスク チェーンでは、適用によって VM に、適用したチェックポイントのディスクを親とする新しい AVHDX が与えられます
(B16)。Microsoft はこれを文書化していません。hvlab は次のように仮定しています: 適用すると、VM には適用した
チェックポイントのディスクを親とする新しい AVHDX が作られ、それまでの「現在」のディスクは破棄される。
""",
    "comparison-intro": r"""
## 5. Microsoft のデモを並べて比べる

アプリケーションを開いた同じ実行中の VM に、標準チェックポイントと運用チェックポイントを 1 つずつ作ります。
それぞれを適用して比べてください: **保存済みになって再開する** か、**オフになってコールド ブートする** か (A3, B13, B14)。
""",
    "check-title": r"""
## 理解度チェック
""",
    "summary": r"""
## まとめ

- **運用** チェックポイントを適用すると VM は **オフ** になり、起動はコールド ブートです。ファイルは戻りますが、
  開いていたアプリケーションは戻りません (A3, B13)。
- 実行中の VM の **標準** チェックポイントを適用すると実行中の状態が戻ります。VM は **保存済み** になり
  (hvlab が仮定した状態表示)、起動するとアプリケーションが開いた状態で再開します (B14)。
- **Apply** は現在の状態を完全に失います。**Create Checkpoint and Apply** は、先に現在の状態を新しい
  チェックポイントとして残します (B15)。
- ディスク上では、「現在」は適用したチェックポイントのディスクの下に新しい AVHDX を得ます (B16、hvlab の仮定)。

**次へ:** [05 · チェックポイントの削除とマージ](05-deleting-and-merging.ipynb)
""",
}
