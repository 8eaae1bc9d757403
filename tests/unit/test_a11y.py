from kb.render.a11y import label_task_checkboxes


def test_task_checkboxes_are_named_by_their_item():
    li = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
          '<span class="task-list-indicator"></span></label> 已<strong>登记</strong>并告知 "x"</li>')
    out = label_task_checkboxes(li)
    assert '<input type="checkbox" aria-label="已登记并告知 &quot;x&quot;" disabled/>' in out
    assert label_task_checkboxes(out) == out
