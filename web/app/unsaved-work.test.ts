import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { hasUnsavedWork, useUnsavedWork } from './unsaved-work';

describe('useUnsavedWork', () => {
  it('is dirty while any registered form is dirty', () => {
    const a = useUnsavedWork('form-a');
    const b = useUnsavedWork('form-b');
    expect(hasUnsavedWork.value).toBe(false);
    a.markDirty();
    b.markDirty();
    a.markClean();
    expect(hasUnsavedWork.value).toBe(true);
    b.markClean();
    expect(hasUnsavedWork.value).toBe(false);
  });

  it('follows a watch source', async () => {
    const typed = ref('');
    useUnsavedWork('form-c', () => typed.value.length > 0);
    expect(hasUnsavedWork.value).toBe(false);
    typed.value = 'damp in the bedroom';
    await nextTick();
    expect(hasUnsavedWork.value).toBe(true);
    typed.value = '';
    await nextTick();
    expect(hasUnsavedWork.value).toBe(false);
  });
});
