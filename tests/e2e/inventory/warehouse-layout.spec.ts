import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { wrapped } from '../text-layout'

const pageScrollsSideways = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.scrollWidth > innerWidth)

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('a product’s movements read whole in Chinese, a card per movement', async ({ page }) => {
    await signIn(page, 'warehouse@acme.test')
    await page.goto('/console/inventory?q=AS-4001&warehouse=SH-MAIN')
    await hydrated(page)
    await page.getByTestId('stock-sku').click()
    await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    await hydrated(page)
    const first = page.getByTestId('move-row').first()
    await expect(first.getByTestId('move-kind')).toHaveText('入库')
    await expect(first.getByTestId('move-reason')).toHaveText('期初余额')
    // Squeezed into the table's columns these stood a character per line (入 / 库, 期 / 初 / 余 / 额).
    expect(await wrapped(first.getByTestId('move-kind'))).toEqual([])
    expect(await wrapped(first.getByTestId('move-reason'))).toEqual([])
    expect(await pageScrollsSideways(page)).toBe(false)
  })
})
