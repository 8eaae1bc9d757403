from kb.render.tables import stack_tables

TABLE = ('<table>\n<thead>\n<tr>\n<th>环节</th>\n<th style="x">期<b>限</b></th>\n<th>依"据</th>\n</tr>\n</thead>\n'
         '<tbody>\n<tr>\n<td>登记</td>\n<td align="left">15日</td>\n<td>第22条</td>\n</tr>\n</tbody>\n</table>')


def test_cells_get_their_column_heading():
    out = stack_tables(TABLE)
    assert "<table data-kb-stack>" in out
    assert '<td data-label="环节">登记' in out and '<td data-label="期限" align="left">15日' in out
    assert '<td data-label="依&quot;据">' in out
    assert stack_tables(out) == out                          # idempotent


def test_two_column_tables_stay_as_they_are():
    two = "<table><thead><tr><th>甲</th><th>乙</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    assert stack_tables(two) == two
